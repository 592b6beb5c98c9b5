// Flow Models for Fiji: the article inside ImageJ.
//
// Sample Data -> Train -> Encode/Decode (top-10 outliers) -> samples from the model ->
// Density Image -> Check Consistency, with the figures: the live training curve, data and
// latent space side by side, latent radii against the chi distribution, the density.
//
// Run it from Plugins > Flow > Demo, open it and press Run, or from a macro:
//   run("Demo", "dataset=gmm8 epochs=50");
// and unattended (every figure saved as PNG next to the model):
//   ImageJ -batch flow_demo.ijm "dataset=mvn"
// Keys: dataset (moons, gmm8, mvn), samples (1000), epochs (100), hidden (auto, as Train; or the
// widths of each coupling's hidden layers, e.g. 256,256), folder (default: flow-demo in the
// temporary folder).

options = getArgument();
if (options == "") options = call("sc.fiji.flowmodels.ij1.CommandPlugin.macroOptions"); // run("Demo", "...")
dataset = option(options, "dataset", "moons");
samples = option(options, "samples", "1000");
epochs = option(options, "epochs", "100");
hidden = option(options, "hidden", "auto");
folder = option(options, "folder", getDirectory("temp") + "flow-demo" + File.separator);
if (options == "" && !is("Batch Mode")) {
	Dialog.create("Flow Models demo");
	Dialog.addMessage("The seed article of Flow Models, end to end: a RealNVP normalizing flow\n"
		+ "(Dinh, Sohl-Dickstein & Bengio, \"Density estimation using Real NVP\", ICLR 2017)\n"
		+ "learns a table of example points, maps them to latent space (outliers marked),\n"
		+ "draws new points, draws the density and checks log p_X = log p_Z + log|det J|.");
	Dialog.addChoice("dataset", newArray("moons", "gmm8", "mvn"), dataset);
	Dialog.addNumber("samples", parseInt(samples));
	Dialog.addNumber("epochs", parseInt(epochs));
	Dialog.addDirectory("folder", folder);
	Dialog.addHelp("<html><h2>Flow Models demo</h2>"
		+ "<p>Runs the commands of Plugins &rsaquo; Flow one after the other, as you would:</p><ol>"
		+ "<li><b>Sample Data</b>: a table of example points (<b>dataset</b>: moons, two interleaved half circles; "
		+ "gmm8, eight clusters on a circle; mvn, one correlated Gaussian).</li>"
		+ "<li><b>Train</b>: a RealNVP flow learns the points (the live training curve; <b>epochs</b> says how long).</li>"
		+ "<li><b>Encode/Decode</b>: every point gets its log-likelihood and latent point; the 10 most outlying are marked "
		+ "in data and latent space, and <i>outliers stay outliers</i> shows whether far-out latent points are the unlikely ones.</li>"
		+ "<li><b>Encode/Decode</b> (sample): new points from the model.</li>"
		+ "<li><b>Density Image</b>: the model's density as a calibrated image, the points on it.</li>"
		+ "<li><b>Check Consistency</b>: log p_X = log p_Z + log|det J| checked both ways (PASS or FAIL).</li></ol>"
		+ "<p>The model and, in batch mode, every figure as PNG go to <b>folder</b>/<i>dataset</i>. "
		+ "From a macro: <code>run(\"Demo\", \"dataset=gmm8 epochs=50\");</code></p>"
		+ "<p>Method: L. Dinh, J. Sohl-Dickstein, S. Bengio, <i>Density estimation using Real NVP</i>, ICLR 2017.</p></html>");
	Dialog.show();
	dataset = Dialog.getChoice();
	samples = d2s(Dialog.getNumber(), 0);
	epochs = d2s(Dialog.getNumber(), 0);
	folder = Dialog.getString();
}
if (!endsWith(folder, File.separator)) folder = folder + File.separator;
dir = folder + dataset + File.separator;
File.makeDirectory(folder);
File.makeDirectory(dir);
if (!File.isDirectory(dir)) exit("Flow demo: cannot create the folder " + dir);
model = dir + "model.json";
print("Flow demo: " + dataset + ", " + samples + " points, " + epochs + " epochs; files in " + dir);

run("Sample Data", "dataset=" + dataset + " samples=" + samples + " seed=1 output=" + dataset);
run("Train", "input=" + dataset + " model=[" + model + "] hidden=" + hidden + " epochs=" + epochs + " seed=1 dequantize");
run("Encode/Decode", "model=[" + model + "] direction=encode input=" + dataset + " outliers=10 output=[" + dataset + " encoded]");
run("Encode/Decode", "model=[" + model + "] direction=sample samples=" + samples + " outliers=10 seed=2 output=[" + dataset + " samples]");
run("Density Image", "model=[" + model + "] log input=" + dataset + " outliers=10 output=[" + dataset + " density]");
run("Check Consistency", "model=[" + model + "] input=" + dataset + " samples=" + samples + " output=[" + dataset + " consistency]");

// in batch mode the figures are images: keep them as PNG files, named after the figure
// ("data to latent of gmm8 (model.json)" -> data-to-latent.png)
if (is("Batch Mode")) {
	titles = newArray(nImages);
	for (i = 0; i < nImages; i++) {
		selectImage(i + 1);
		titles[i] = getTitle();
	}
	for (i = 0; i < titles.length; i++) {
		selectImage(titles[i]);
		name = titles[i];
		if (indexOf(name, " of ") > 0) name = substring(name, 0, indexOf(name, " of "));
		name = replace(name, " ", "-");
		if (bitDepth() == 32) saveAs("Tiff", dir + name + ".tif");
		else saveAs("PNG", dir + name + ".png");
	}
}
verdict = Table.getString("quantity", Table.size(dataset + " consistency") - 1, dataset + " consistency");
print("Flow demo: " + dataset + " done; consistency " + verdict);

// a key's value in "key=value key=[value with spaces]" options
function option(options, key, default) {
	if (options == "") return default;
	return call("ij.Macro.getValue", options, key, default);
}
