// Explain who can use a KMS key and why. Pure: no I/O, no AWS SDK, no editor imports.
export { explainKey, type ExplainOptions } from './explainKey';
export { renderMarkdown, escapeMarkdown, type MarkdownOptions } from './markdown';
export { snapshotFromWorkspace, identityPoliciesOf, type IdentityPolicyUse, type WorkspaceSnapshotResult } from './workspaceSnapshot';
export { recognizeGrant, serviceOfPrincipal, type GrantOrigin } from './grants';
export { allKmsOperations } from './operations';
export {
  parseKeyReference,
  isWorkspaceOnly,
  type KeyReference,
  type KeySnapshot,
  type KeyMetadataInfo,
  type KeyManager,
  type KeyPolicySource,
  type KmsAlias,
  type KmsGrant,
  type KmsGrantConstraints,
  type SnapshotGrant,
  type SourceState,
} from './snapshot';
export type { AccessEntry, Conditions, DelegatedPolicy, ExplainReport, GrantVia, IamDelegationVia, KeyPolicyVia, ReportGrant, Via } from './report';
