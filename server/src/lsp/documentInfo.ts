import type { Message } from '../core/finding';
import { localize } from '../core/finding';
import type { ParsedFile, PolicyKind } from '../core/model';
import { messages } from './messages';
import type { DocumentInfo, DocumentKind } from './protocol';

const POLICY_KIND: Record<PolicyKind, { kind: DocumentKind; label: Message }> = {
  identity: { kind: 'identity-policy', label: messages.identityPolicy },
  key: { kind: 'key-policy', label: messages.keyPolicy },
  bucket: { kind: 'bucket-policy', label: messages.bucketPolicy },
};

/** What a document is, for the editor's status item: "KMS key policy", "Terraform: 3 policies". */
export function describeDocument(
  uri: string,
  parsed: ParsedFile | undefined,
  findings: number,
  workspaceFiles: number,
  locale: string | undefined,
): DocumentInfo {
  // YAML that is no template (CI workflows, manifests) is not KeyLens's business.
  if (!parsed || (parsed.language === 'yaml' && !parsed.template)) {
    return { uri, handled: false, kind: 'none', label: localize(messages.notHandled, locale), detail: '', policies: 0, findings: 0, workspaceFiles };
  }
  const policies = parsed.policies.length;
  let kind: DocumentKind;
  let label: Message;
  if (parsed.language === 'terraform') {
    kind = 'terraform';
    label = messages.terraform(policies);
  } else if (parsed.template) {
    kind = 'template';
    label = messages.template(policies);
  } else if (policies === 1) {
    ({ kind, label } = POLICY_KIND[parsed.policies[0]!.kind]);
  } else if (policies > 1) {
    kind = 'policies';
    label = messages.policies(policies);
  } else if (parsed.encryption.length > 0) {
    kind = 'bucket-encryption';
    label = messages.bucketEncryption;
  } else {
    kind = 'none';
    label = messages.notAPolicy;
  }
  return {
    uri,
    handled: true,
    kind,
    label: localize(label, locale),
    detail: localize(messages.findings(findings, workspaceFiles), locale),
    policies,
    findings,
    workspaceFiles,
  };
}
