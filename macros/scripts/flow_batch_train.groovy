#@ File (label = "Folder of CSV tables", style = "directory") folder
#@ String (label = "Columns (blank: all numeric)", value = "", required = false) columns
#@ Integer (label = "Epochs", value = 100, min = 1) epochs
#@ Long (label = "Seed", value = 1) seed
#@ CommandService command
#@ LogService log

/*
 * Flow Models for Fiji: trains one flow per CSV table in a folder, through SciJava's
 * CommandService (the same commands as the menus), and checks each model.
 *
 * For every points.csv it writes points-model.json and points-consistency.csv next to it.
 * Open it in Fiji's script editor (language Groovy) and press Run, or headless:
 *   ImageJ --headless --run flow_batch_train.groovy "folder='/data/tables',epochs=50"
 *
 * Every input is given, and preprocessing is off (the 'false'): with it on, SciJava would fill
 * the inputs not given with the values last used in the dialogs instead of the defaults.
 */

import sc.fiji.flowmodels.commands.CheckConsistencyCommand
import sc.fiji.flowmodels.commands.TrainCommand

def tables = folder.listFiles().findAll {
	it.name.toLowerCase().endsWith(".csv") && !it.name.endsWith("-encoded.csv") && !it.name.endsWith("-consistency.csv")
}.sort { it.name }

tables.each { csv ->
	def base = csv.path.substring(0, csv.path.length() - 4)
	def model = new File(base + "-model.json")
	def train = command.run(TrainCommand, false,
		"input", csv.path, "columns", columns ?: "", "model", model,
		"hidden", "auto", "couplings", "auto", "marginal", "auto", "epochs", epochs, "batch", 128,
		"lr", 0.001d, "validation", 0.1d, "patience", 10, "clamp", 2.0d, "l2", 0d, "seed", seed).get()
	if (train.getDelegateObject().trained() == null) {
		log.warn(csv.name + ": not trained (see the Log window)")
		return
	}
	def check = command.run(CheckConsistencyCommand, false,
		"model", model, "input", csv.path, "samples", 1000, "tolerance", 1e-9d,
		"output", base + "-consistency.csv", "seed", seed).get()
	def report = check.getDelegateObject().report()
	log.info(csv.name + ": " + train.getDelegateObject().trained().history().message() +
		"; consistency " + (report.passed() ? "PASS" : "FAIL"))
}
log.info("Flow batch training: " + tables.size() + " tables in " + folder)
