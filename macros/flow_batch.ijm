// Flow Models for Fiji: applies one trained model to every CSV table in a folder.
//
// For each points.csv (columns named as in the model) it writes, next to it:
//   points-encoded.csv      the input columns, then z1..zD, log_px, log_pz, log_det_j,
//                           z_radius, outlier_rank, outlier (top 10 outliers by -log p_X),
//                           radius_rank, density_rank
//   points-latent.png       data and latent space side by side, outliers marked
//   points-radius.png       latent radii against the chi distribution
//   points-density.tif/png  the model's density with the points drawn over it (2+ columns)
//   points-consistency.csv  the change-of-variables check on these points
// and one line per table in the Log, e.g. "points.csv: 1000 rows, PASS".
//
// Run it, choose the model and the folder; or unattended:
//   ImageJ -batch flow_batch.ijm "model=/data/model.json folder=/data/tables outliers=10"
// or from a macro: runMacro("flow_batch.ijm", "model=[...] folder=[...]");

options = getArgument();
model = option(options, "model", "");
folder = option(options, "folder", "");
outliers = option(options, "outliers", "10");
if (model == "") model = File.openDialog("Choose a Flow model (.json)");
if (folder == "") folder = getDirectory("Choose a folder of CSV tables");
if (!endsWith(folder, "/") && !endsWith(folder, File.separator)) folder = folder + File.separator;
if (!File.exists(model)) exit("Flow batch: no model file " + model);

setBatchMode(true);
files = getFileList(folder);
done = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	if (!endsWith(toLowerCase(name), ".csv")) continue;
	if (endsWith(name, "-encoded.csv") || endsWith(name, "-consistency.csv")) continue; // our own results
	base = folder + substring(name, 0, lengthOf(name) - 4);
	input = folder + name;
	close("*");
	run("Encode/Decode", "model=[" + model + "] direction=encode input=[" + input + "] outliers=" + outliers + " output=[" + base + "-encoded.csv]");
	// figures are titled after what they show: "data to latent of a.csv (model.json)"
	of = " of " + name + " (" + File.getName(model) + ")";
	savePicture("data to latent" + of, base + "-latent.png");
	savePicture("latent radius" + of, base + "-radius.png");
	if (columnsOf(base + "-encoded.csv") >= 2)
		run("Density Image", "model=[" + model + "] log input=[" + input + "] outliers=" + outliers + " output=[" + base + "-density.tif]");
	run("Check Consistency", "model=[" + model + "] input=[" + input + "] output=[" + base + "-consistency.csv]");
	verdict = lastLine(base + "-consistency.csv");
	print(name + ": " + rows(base + "-encoded.csv") + " rows, " + verdict);
	done++;
}
close("*");
print("Flow batch: " + done + " tables in " + folder);

function savePicture(title, path) {
	if (isOpen(title)) {
		selectImage(title);
		saveAs("PNG", path);
		close();
	}
}

// the verdict of a consistency report: PASS or FAIL, in the last row
function lastLine(path) {
	lines = split(File.openAsString(path), "\n");
	cells = split(lines[lines.length - 1], ",");
	return cells[1];
}

function rows(path) {
	lines = split(File.openAsString(path), "\n");
	return lines.length - 1;
}

// the number of model columns: the encoded table has D latent columns z1..zD
function columnsOf(path) {
	header = split(File.openAsString(path), "\n");
	names = split(header[0], ",");
	d = 0;
	for (k = 0; k < names.length; k++) if (startsWith(names[k], "z") && !isNaN(parseInt(substring(names[k], 1)))) d++;
	return d;
}

function option(options, key, default) {
	if (options == "") return default;
	return call("ij.Macro.getValue", options, key, default);
}
