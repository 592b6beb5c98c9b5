package sc.fiji.flowmodels;

/** The user stopped the work; nothing was written. */
public class CanceledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CanceledException(final String message) {
		super(message);
	}
}
