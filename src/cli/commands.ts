// Subcommands beyond scan and rules register themselves here.
import './diff-command.js';
import './codeowners-command.js';
