/**
 * A request the contract refuses: 400 for invalid input, 404 for an unknown name in a path.
 * `messages` holds one readable line per problem, each naming its field.
 */
export class RequestError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly messages: string[],
  ) {
    super(messages.join('; '));
    this.name = 'RequestError';
  }
}
