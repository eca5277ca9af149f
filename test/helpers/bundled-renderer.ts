// Every test (and each CLI child process it starts) renders with the bundled kubectl 1.35,
// never with a kubectl or kustomize that happens to be on the machine's PATH.
process.env.GITOPS_GUARD_RENDERER = 'bundled';
