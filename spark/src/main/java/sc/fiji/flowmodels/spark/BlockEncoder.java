package sc.fiji.flowmodels.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;

import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

import sc.fiji.flowmodels.InputException;
import sc.fiji.flowmodels.analysis.EncodeColumn;
import sc.fiji.flowmodels.commands.EncodeDecodeCommand;
import sc.fiji.flowmodels.flow.Flow;

/**
 * The encode's first pass over one file: reads it chunk by chunk and gives each chunk's
 * {@link EncodeColumn.Stage#ROW} columns as a block. Bad input ends the file with a block that
 * says what and where (a task failure would make Spark retry a file that can only fail again).
 */
final class BlockEncoder implements Iterator<EncodedBlock> {

	private final int file;
	private final InputFiles files;
	private final HadoopConf conf;
	private final Flow flow;
	private final TaskFlow task;
	private final int width;
	private InputTable in;
	private EncodedBlock pending;
	private boolean done;

	BlockEncoder(final int file, final InputFiles files, final HadoopConf conf, final SharedModel model) {
		this.file = file;
		this.files = files;
		this.conf = conf;
		this.flow = model.flow();
		this.task = new TaskFlow(model, InputTable.CHUNK_ROWS);
		this.width = EncodeColumn.rowWidth(flow.dimension());
		final TaskContext context = TaskContext.get();
		if (context != null) context.addTaskCompletionListener((TaskCompletionListener) c -> close());
	}

	@Override
	public boolean hasNext() {
		if (pending == null && !done) pending = read();
		return pending != null;
	}

	@Override
	public EncodedBlock next() {
		if (!hasNext()) throw new NoSuchElementException();
		final EncodedBlock b = pending;
		pending = null;
		return b;
	}

	private EncodedBlock read() {
		try {
			if (in == null) {
				in = files.open(file, conf, flow.columns().toArray(new String[0]), false);
				EncodeDecodeCommand.refuseEncodeColumns(flow.dimension(), in.header()::contains, files.source(file));
			}
			final int n = in.next();
			if (n == 0) {
				close();
				return null;
			}
			final long first = in.firstRow() - 1;
			if (first + n > Integer.MAX_VALUE) throw new InputException(files.source(file) + ": more than " + Integer.MAX_VALUE + " rows; split it into several files");
			task.map(in.values(), n, true);
			final double[] values = new double[n * width];
			EncodeColumn.fillRows(task.result, n, values, width);
			return new EncodedBlock(file, (int) first, n, values);
		}
		catch (final InputException e) {
			close();
			return new EncodedBlock(file, e.getMessage());
		}
	}

	private void close() {
		done = true;
		if (in != null) in.close();
		in = null;
	}
}
