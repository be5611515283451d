import type { Message } from '../core/finding';

/** Server-side user-facing strings (code action titles, document labels) in every shipped language. */
export const messages = {
  showDocumentation: (rule: string): Message => ({
    en: `Show documentation for ${rule}`,
    ja: `${rule} のドキュメントを表示`,
  }),
  fixAll: { en: 'Fix all KeyLens problems', ja: 'KeyLens の問題をすべて修正' } as Message,
  fixAllInFile: { en: 'Fix all KeyLens problems in this file', ja: 'このファイルの KeyLens の問題をすべて修正' } as Message,
  identityPolicy: { en: 'IAM identity policy', ja: 'IAM アイデンティティポリシー' } as Message,
  keyPolicy: { en: 'KMS key policy', ja: 'KMS キーポリシー' } as Message,
  bucketPolicy: { en: 'S3 bucket policy', ja: 'S3 バケットポリシー' } as Message,
  bucketEncryption: { en: 'S3 bucket encryption', ja: 'S3 バケット暗号化設定' } as Message,
  policies: (count: number): Message => ({ en: `${count} policies`, ja: `${count} 個のポリシー` }),
  terraform: (count: number): Message => ({
    en: `Terraform: ${count} ${count === 1 ? 'policy' : 'policies'}`,
    ja: `Terraform: ${count} 個のポリシー`,
  }),
  template: (count: number): Message => ({
    en: `CloudFormation template: ${count} ${count === 1 ? 'policy' : 'policies'}`,
    ja: `CloudFormation テンプレート: ${count} 個のポリシー`,
  }),
  notAPolicy: { en: 'No policy', ja: 'ポリシーなし' } as Message,
  notHandled: { en: 'Not checked by KeyLens', ja: 'KeyLens の対象外' } as Message,
  findings: (count: number, files: number): Message => ({
    en: `${count === 0 ? 'No problems' : count === 1 ? '1 problem' : `${count} problems`}; ${files} workspace ${files === 1 ? 'file' : 'files'} in context`,
    ja: `問題 ${count} 件、ワークスペースの ${files} ファイルを参照`,
  }),
  ruleDocumentationUnknown: (rule: string): Message => ({
    en: `KeyLens has no rule named ${rule}.`,
    ja: `KeyLens に ${rule} というルールはありません。`,
  }),
  explainAccess: { en: 'Explain access', ja: 'アクセスを説明' } as Message,
  suppressedFinding: (message: Message, justification: string | undefined): Message => ({
    en: `Suppressed${justification ? ` (${justification})` : ''}: ${message.en}`,
    ja: `抑制済み${justification ? ` (${justification})` : ''}: ${message.ja}`,
  }),
  suppressOnLine: (rule: string): Message => ({ en: `Suppress ${rule} on this line`, ja: `この行で ${rule} を抑制` }),
  suppressionReason: { en: 'reason it is accepted', ja: '許容する理由' } as Message,
  explainAccessTo: (key: string): Message => ({ en: `Explain access: ${key}`, ja: `アクセスを説明: ${key}` }),
};
