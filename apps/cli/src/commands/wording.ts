/**
 * The contracts' messages point API users to endpoints ("GET /api/available_models lists them");
 * a CLI user is pointed to the matching command instead. Everything else is kept word for word.
 */
const ENDPOINT_TO_COMMAND: readonly (readonly [string, string])[] = [
  ['GET /api/available_models', 'list-models'],
  ['GET /api/gpu_configs', 'list-gpus'],
];

export function cliWording(message: string): string {
  return ENDPOINT_TO_COMMAND.reduce((text, [endpoint, command]) => text.split(endpoint).join(command), message);
}
