package sc.fiji.flowmodels.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The driver's Hadoop configuration, sent to the tasks: file systems such as HDFS or S3 need the
 * settings the user gave Spark. Local files go through the raw local file system, because
 * Hadoop's default one writes a checksum file next to every file it writes, which would put
 * files into the output folder that are not one per input file.
 */
final class HadoopConf implements Serializable {

	private static final long serialVersionUID = 1L;

	private transient Configuration conf;

	HadoopConf(final Configuration base) {
		conf = new Configuration(base);
		conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
		conf.setBoolean("fs.file.impl.disable.cache", true);
	}

	Configuration get() {
		return conf;
	}

	FileSystem fileSystem(final Path path) throws IOException {
		return path.getFileSystem(conf);
	}

	private void writeObject(final ObjectOutputStream out) throws IOException {
		out.defaultWriteObject();
		conf.write(out);
	}

	private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException {
		in.defaultReadObject();
		conf = new Configuration(false);
		conf.readFields(in);
	}
}
