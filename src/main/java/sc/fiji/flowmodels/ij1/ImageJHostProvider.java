package sc.fiji.flowmodels.ij1;

import sc.fiji.flowmodels.commands.Host;
import sc.fiji.flowmodels.commands.HostProvider;

/** Registers ImageJ 1.x as the host of commands run from its menus, macros and Fiji's scripts. */
public final class ImageJHostProvider implements HostProvider {

	@Override
	public boolean isActive() {
		return ImageJHost.isActive();
	}

	@Override
	public Host create() {
		return new ImageJHost();
	}
}
