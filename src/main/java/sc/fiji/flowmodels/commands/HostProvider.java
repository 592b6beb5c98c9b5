package sc.fiji.flowmodels.commands;

/**
 * A front end that can host commands started without one (from Fiji's menus or a script, which
 * run them through SciJava). Front ends register an implementation as a Java service
 * ({@code META-INF/services/sc.fiji.flowmodels.commands.HostProvider}), so this package needs
 * no import of theirs: the ImageJ front end depends on the commands, never the other way.
 */
public interface HostProvider {

	/** Whether this front end is in use in this JVM now. */
	boolean isActive();

	/** A host for one command run. */
	Host create();
}
