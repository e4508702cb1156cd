/**
 * A request the fake refuses, as a value: endpoints throw it, the pipeline turns it into a
 * 400 in the route's error shape. `param` is the offending field, as OpenAI reports it.
 */
export class InvalidRequestError extends Error {
  readonly param: string | null;

  constructor(message: string, param: string | null = null) {
    super(message);
    this.name = 'InvalidRequestError';
    this.param = param;
  }
}
