package sc.fiji.flowmodels;

/**
 * A problem with what the user gave us: a table, a parameter or a model file.
 * <p>
 * The message is one line that says what is wrong and where (file or table, row, column),
 * written for the user. Front ends show it as it is: the CLI prints it on stderr and exits
 * with status 2, Fiji shows it in a dialog, batch mode logs it and aborts the macro. Code that
 * throws it must not have changed anything the user owns.
 */
public class InputException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public InputException(final String message) {
		super(message);
	}

	public InputException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
