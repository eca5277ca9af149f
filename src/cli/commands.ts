// Subcommands beyond scan and rules, each loaded when it is run (start-up loads only what a command uses).
import { registerCommand } from './run-cli.js';

registerCommand('diff', async (args, io) => (await import('./diff-command.js')).diffCommand(args, io));
registerCommand('codeowners', async (args, io) =>
  (await import('./codeowners-command.js')).codeownersCommand(args, io),
);
