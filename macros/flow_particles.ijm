// Flow Models for Fiji: outliers among segmented particles, marked on their own outlines.
//
// Makes an image of cells (about 120, a few of them odd: two giants, a long one, a small
// bright one) or takes the image in front, segments it (Default threshold, Analyze Particles
// with "Add to Manager"), measures shape and intensity, trains a flow on the measurements
// (blank columns: the features, without positions and indices), encodes the Results table and
// leaves the outlier cells outlined and named "outlier k (row r)" in the ROI Manager, with the
// "outliers stay outliers" figure beside the image.
//
// Run it from Plugins > Flow > Particle Demo, open it and press Run, or from a macro:
//   run("Particle Demo", "cells=150 outliers=6");
// and unattended (the outlined image and the figure saved as PNG in the folder):
//   ImageJ -batch flow_particles.ijm "folder=/tmp/particles"
// Keys: image (synthetic: make the image; current: the image in front), cells (120), outliers
// (5), epochs (100), hidden (auto, as Train), seed (1), folder (default: flow-particles in the temporary
// folder).

options = getArgument();
if (options == "") options = call("sc.fiji.flowmodels.ij1.CommandPlugin.macroOptions"); // run("Particle Demo", "...")
source = option(options, "image", "synthetic");
cells = parseInt(option(options, "cells", "120"));
outliers = option(options, "outliers", "5");
epochs = option(options, "epochs", "100");
hidden = option(options, "hidden", "auto");
seed = parseInt(option(options, "seed", "1"));
folder = option(options, "folder", getDirectory("temp") + "flow-particles" + File.separator);
if (options == "" && !is("Batch Mode")) {
	Dialog.create("Flow Models: particle outliers");
	Dialog.addMessage("Finds the odd cells of an image: segments it, measures every cell, learns how\n"
		+ "the measurements are distributed (a RealNVP normalizing flow) and outlines the\n"
		+ "least likely cells in the ROI Manager, on their own outlines.");
	Dialog.addChoice("image", newArray("synthetic", "current"), source);
	Dialog.addNumber("cells", cells);
	Dialog.addNumber("outliers", parseInt(outliers));
	Dialog.addNumber("epochs", parseInt(epochs));
	Dialog.addDirectory("folder", folder);
	Dialog.addHelp("<html><h2>Particle outliers</h2><ol>"
		+ "<li><b>image</b> synthetic: an image of <b>cells</b> cells, four of them odd (two giants, a long one, "
		+ "a small bright one); current: the 8- or 16-bit image in front, bright cells on a dark background.</li>"
		+ "<li>Segment: Default threshold, Analyze Particles (size 30 and up, not touching the edge) with Display results and Add to Manager: "
		+ "one row and one outline per cell.</li>"
		+ "<li><b>Train</b> on the Results with blank columns: the measured features; positions (X, Y, BX, BY...), "
		+ "orientations and indices are left out (the Log lists them).</li>"
		+ "<li><b>Encode/Decode</b> the Results: the <b>outliers</b> least likely cells are renamed outlier k (row r) in the "
		+ "ROI Manager and outlined in orange on the image; the <i>outliers stay outliers</i> figure shows whether they "
		+ "also lie far out in latent space.</li></ol>"
		+ "<p>The model goes to <b>folder</b>; in batch mode also the outlined image and the figure as PNG.</p></html>");
	Dialog.show();
	source = Dialog.getChoice();
	cells = Dialog.getNumber();
	outliers = d2s(Dialog.getNumber(), 0);
	epochs = d2s(Dialog.getNumber(), 0);
	folder = Dialog.getString();
}
if (!endsWith(folder, File.separator)) folder = folder + File.separator;
File.makeDirectory(folder);
if (!File.isDirectory(folder)) exit("Flow particles: cannot create the folder " + folder);
model = folder + "cells.json";

if (source == "current") {
	if (nImages == 0) exit("Flow particles: image=current needs an image of cells in front");
	image = getTitle();
} else {
	image = "cells";
	if (isOpen(image)) close(image);
	makeCells(image, cells, seed);
}

// segment and measure: one Results row and one ROI Manager outline per cell, in the same order
selectImage(image);
// shape and intensity; not the minimum, maximum or mode, which one noisy pixel can decide
run("Set Measurements...", "area mean standard centroid perimeter bounding fit shape feret's integrated stack display redirect=None decimal=3");
setAutoThreshold("Default dark");
run("Analyze Particles...", "size=30-Infinity display exclude clear add");
resetThreshold();
print("Flow particles: " + nResults + " cells in " + image + "; model in " + model);

run("Train", "input=Results columns=[] model=[" + model + "] epochs=" + epochs + " hidden=" + hidden + " seed=1 dequantize");
run("Encode/Decode", "model=[" + model + "] direction=encode input=Results outliers=" + outliers + " output=[cell outliers]");

// the outliers outlined on the image, the figure beside it
selectImage(image);
roiManager("Show All without labels");
figure = "outliers stay outliers of Results (cells.json)";
if (is("Batch Mode")) {
	run("Flatten");
	saveAs("PNG", folder + "cells-outliers.png");
	close();
	if (isOpen(figure)) {
		selectImage(figure);
		saveAs("PNG", folder + "outliers-stay-outliers.png");
	}
} else
	call("sc.fiji.flowmodels.ij1.FigureWindow.placeBeside", figure, image);
marked = 0;
for (i = 0; i < roiManager("count"); i++)
	if (startsWith(call("ij.plugin.frame.RoiManager.getName", "" + i), "outlier ")) marked++;
print("Flow particles: done; " + marked + " outlier cells marked in the ROI Manager");

// An 8-bit image of n cells (bright on dark, not touching): most alike, four of them odd.
function makeCells(title, n, seed) {
	random("seed", seed);
	w = 800; h = 600;
	newImage(title, "8-bit black", w, h, 1);
	xs = newArray(n); ys = newArray(n); rs = newArray(n);
	placed = 0;
	for (tries = 0; placed < n && tries < 50 * n; tries++) {
		r = 10 + 1.5 * random("gaussian");
		// the odd ones first: two giants, a long one, a small bright one
		if (placed == 0 || placed == 1) r = 26;
		if (placed == 2) r = 30;
		if (placed == 3) r = 6;
		x = r + 8 + random * (w - 2 * r - 16);
		y = r + 8 + random * (h - 2 * r - 16);
		free = true;
		for (j = 0; j < placed && free; j++)
			free = (x - xs[j]) * (x - xs[j]) + (y - ys[j]) * (y - ys[j]) > (r + rs[j] + 6) * (r + rs[j] + 6);
		if (!free) continue;
		xs[placed] = x; ys[placed] = y; rs[placed] = r;
		aspect = 0.8 + 0.12 * random("gaussian");
		if (aspect > 0.98) aspect = 0.98;
		grey = 140 + 12 * random("gaussian");
		if (placed == 2) aspect = 0.22; // long
		if (placed == 3) grey = 250; // small and bright
		angle = random * PI;
		makeEllipse(x - r * cos(angle), y - r * sin(angle), x + r * cos(angle), y + r * sin(angle), aspect);
		setColor(grey);
		fill();
		placed++;
	}
	run("Select None");
	run("Gaussian Blur...", "sigma=1.5");
	random("seed", seed); // seeds the noise too, for the very next noise command only
	run("Add Specified Noise...", "standard=6");
}

// a key's value in "key=value key=[value with spaces]" options
function option(options, key, default) {
	if (options == "") return default;
	return call("ij.Macro.getValue", options, key, default);
}
