/**
 * AWS SDK v3 calls `process.emitWarning` ("NodeVersionSupportWarning: ... versions published after
 * the first week of January 2027 will require node >=22") when a client is created on an older
 * Node. KeyLens bundles a fixed SDK release that runs on Node 20 (the extension host code-server
 * and VS Code 1.100 give us), so nobody can act on it: in the editor it would be an `[error]` line
 * in the output channel, in the CLI a stray warning on stderr. The SDK's own switch turns it off
 * before the bundle loads; the language server logs this note as info instead.
 */
export function silenceSdkNodeVersionWarning(nodeVersion = process.versions.node): string | undefined {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const major = Number(nodeVersion.split('.')[0]);
  if (!(major < 22)) return undefined;
  return `keylens: running on Node ${nodeVersion}; the bundled AWS SDK works on it, and its note that later SDK releases need Node 22 does not apply to this build (not shown as a warning).`;
}
