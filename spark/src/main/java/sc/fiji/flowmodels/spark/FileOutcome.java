package sc.fiji.flowmodels.spark;

import java.io.Serializable;
import java.util.List;

import sc.fiji.flowmodels.InputException;

/** What a task did with one file: its rows, or the bad input that stopped it. */
class FileOutcome implements Serializable {

	private static final long serialVersionUID = 1L;

	long rows;
	String error;

	/** Throws the first bad input in file order, the one the command line meets first in the concatenated files. */
	static void requireNoErrors(final List<? extends FileOutcome> outcomes) {
		for (final FileOutcome o : outcomes) {
			if (o.error != null) throw new InputException(o.error);
		}
	}

	/** All rows. */
	static long rows(final List<? extends FileOutcome> outcomes) {
		long n = 0;
		for (final FileOutcome o : outcomes) n += o.rows;
		return n;
	}
}
