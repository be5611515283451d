import type { Rule } from './rule';
import type { ActionCatalog } from '../iam/catalog';
import type { Message } from '../finding';
import { fixIn } from './util';
import { DECRYPT_ACTIONS } from './kms-decrypt-in-identity-policy';

export const rule: Rule = {
  meta: {
    id: 'iam-unknown-action',
    defaultSeverity: 'warning',
    summary: {
      en: 'An action names no real action of its service (a typo grants nothing).',
      ja: 'サービスに存在しないアクション名です (タイプミスは何も許可しません)。',
    },
    docs: 'docs/rules/iam-unknown-action.md',
  },
  check(context) {
    // Policies repeat the same few actions: diagnose each distinct spelling once.
    const verdicts = new Map<string, Problem | undefined>();
    const diagnoseOnce = (action: string) => {
      if (!verdicts.has(action)) verdicts.set(action, diagnose(context.catalog, action));
      return verdicts.get(action);
    };
    for (const policy of context.workspace.policies) {
      if (context.targets && !context.targets.has(policy.file)) continue;
      for (const statement of policy.statements) {
        const actions = statement.actions;
        if (!actions) continue;
        for (const item of actions.items) {
          if (!item.known) continue;
          const problem = diagnoseOnce(item.value);
          if (!problem) continue;
          // Correcting a typo into a decryption action in an identity policy would trade one finding for
          // another (kms-decrypt-in-identity-policy); the message names the action but no fix writes it.
          const suggestion =
            problem.suggestion && !(policy.kind === 'identity' && DECRYPT_ACTIONS.some((a) => a.toLowerCase() === problem.suggestion!.toLowerCase()))
              ? problem.suggestion
              : undefined;
          context.report({
            file: policy.file,
            span: item.span,
            message: problem.message,
            fixes: () => suggestion
              ? fixIn(
                  policy.file,
                  { en: `Replace with ${suggestion}`, ja: `${suggestion} に置き換える` },
                  policy.editor.replaceItem(actions, item, [suggestion]),
                  true,
                )
              : [],
          });
        }
      }
    }
  },
};

interface Problem {
  message: Message;
  suggestion?: string;
}

/** Why an action string names nothing real, or undefined when it is fine. */
export function diagnose(catalog: ActionCatalog, action: string): Problem | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0) {
    return {
      message: {
        en: `"${action}" is not an action: actions are written service:Action (for example kms:Decrypt).`,
        ja: `"${action}" はアクションではありません。アクションは service:Action の形で書きます (例: kms:Decrypt)。`,
      },
    };
  }
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service)) return undefined;
  if (!catalog.hasService(service)) {
    const suggestion = catalog.closest(action);
    return {
      message: {
        en: `"${service}" is not an AWS service prefix, so "${action}" allows nothing.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
        ja: `"${service}" は AWS のサービスプレフィックスではないため、"${action}" は何も許可しません。${suggestion ? `${suggestion} のことですか?` : ''}`,
      },
      suggestion,
    };
  }
  if (/[*?]/.test(name)) {
    if (catalog.expand(action).length > 0) return undefined;
    return {
      message: {
        en: `"${action}" matches no action of ${service.toLowerCase()}, so it allows nothing.`,
        ja: `"${action}" は ${service.toLowerCase()} のどのアクションにも一致しないため、何も許可しません。`,
      },
    };
  }
  if (catalog.canonical(action)) return undefined;
  const suggestion = catalog.closest(action);
  return {
    message: {
      en: `${service.toLowerCase()} has no action "${name}", so this allows nothing.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
      ja: `${service.toLowerCase()} に "${name}" というアクションはないため、何も許可しません。${suggestion ? `${suggestion} のことですか?` : ''}`,
    },
    suggestion,
  };
}
