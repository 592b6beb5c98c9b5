package sc.fiji.flowmodels.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

import sc.fiji.flowmodels.InputException;

/**
 * The {@code output} folder of a job, written atomically: the tasks write into a hidden
 * temporary folder next to it, which is renamed to {@code output} when every file is complete
 * and removed on any failure, so that {@code output} either holds all results or is untouched.
 * An existing {@code output} must be an empty folder (it is replaced); anything else is refused
 * before the job starts.
 * <p>
 * Spark may run a task again (after a failure, or a second copy of a slow one): each attempt
 * writes a file of its own and {@link #publish publishes} it under the input file's name only
 * once it is complete, so a file in the folder is never half of one attempt and half of another.
 */
final class OutputFolder implements Serializable {

	private static final long serialVersionUID = 1L;

	/** The folder of the attempts' files, inside the temporary folder. */
	private static final String ATTEMPTS = "_attempts";

	private final String output;
	private final String target;
	private final String temporary;

	private OutputFolder(final String output, final Path target, final Path temporary) {
		this.output = output;
		this.target = target.toString();
		this.temporary = temporary.toString();
	}

	/**
	 * Checks {@code output} and creates the temporary folder.
	 *
	 * @param input the input, which must not be the output
	 */
	static OutputFolder create(final String output, final String input, final HadoopConf conf) {
		final String out = output == null ? "" : output.trim();
		if (out.isEmpty()) throw new InputException("output: a folder for the results is needed (output=results/)");
		try {
			final Path path = new Path(out);
			final FileSystem fs = conf.fileSystem(path);
			final Path target = fs.makeQualified(path);
			if (target.equals(fs.makeQualified(new Path(input.trim())))) throw new InputException("output: " + out + " is the input; choose another folder");
			try {
				if (!fs.getFileStatus(target).isDirectory()) throw new InputException("output: " + out + " exists and is a file, not a folder");
				if (fs.listStatus(target).length > 0) throw new InputException("output: the folder " + out + " exists and is not empty; nothing is overwritten (choose another folder or empty it)");
			}
			catch (final FileNotFoundException e) {
				// the usual case: a new folder
			}
			final Path parent = target.getParent();
			if (parent != null && !fs.exists(parent)) throw new InputException("output: cannot write " + out + ", the folder " + parent + " does not exist");
			final Path temporary = new Path(parent, "." + target.getName() + ".flow-" + UUID.randomUUID());
			if (!fs.mkdirs(temporary)) throw new InputException("output: cannot create a folder next to " + out);
			return new OutputFolder(out, target, temporary);
		}
		catch (final IOException e) {
			throw new InputException("output: " + out + ": " + e.getMessage(), e);
		}
	}

	/** Where the running task attempt writes the result of an input file of this name. */
	Path attempt(final String name) {
		final TaskContext task = TaskContext.get();
		return new Path(new Path(temporary, ATTEMPTS), name + "." + (task == null ? 0 : task.taskAttemptId()));
	}

	/** Puts a task attempt's complete file in the folder, unless another attempt did first. */
	void publish(final HadoopConf conf, final String name, final Path attempt) {
		try {
			final Path target = new Path(temporary, name);
			final FileSystem fs = conf.fileSystem(target);
			if (!fs.rename(attempt, target)) {
				if (!fs.exists(target)) throw new IOException("cannot rename " + attempt + " to " + target);
				fs.delete(attempt, false);
			}
		}
		catch (final IOException e) {
			throw new InputException("output: " + output + ": " + e.getMessage(), e);
		}
	}

	/** Puts the results in place: {@code output} is then the complete temporary folder. */
	void commit(final HadoopConf conf) {
		try {
			final Path target = new Path(this.target), tmp = new Path(temporary);
			final FileSystem fs = conf.fileSystem(target);
			fs.delete(new Path(tmp, ATTEMPTS), true);
			if (fs.exists(target)) {
				if (fs.listStatus(target).length > 0) throw new InputException("output: the folder " + output + " was filled by someone else while this job ran; the results stay in " + tmp);
				fs.delete(target, false);
			}
			if (!fs.rename(tmp, target)) throw new InputException("output: cannot rename " + tmp + " to " + output);
		}
		catch (final IOException e) {
			throw new InputException("output: " + output + ": " + e.getMessage(), e);
		}
	}

	/** Removes the temporary folder and everything in it (after a failure). */
	void abort(final HadoopConf conf) {
		try {
			final Path tmp = new Path(temporary);
			conf.fileSystem(tmp).delete(tmp, true);
		}
		catch (final IOException e) {
			// a temporary folder left behind is hidden and harmless; the failure is what to report
		}
	}
}
