/**
 * A failure `npm start` explains in plain words (what is missing, what to do): main prints
 * its message without a stack trace. Any other error is a bug and is printed whole.
 */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}
