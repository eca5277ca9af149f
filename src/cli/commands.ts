// Subcommands beyond scan and rules register themselves here.
export {};
