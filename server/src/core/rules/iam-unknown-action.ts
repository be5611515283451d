import type { Rule } from './rule';
import type { ActionCatalog } from '../iam/catalog';
import type { Message } from '../finding';
import type { ElementList } from '../model';
import { fixIn } from './util';
import { listGrants } from '../iam/semantics';
import { DECRYPT_ACTIONS } from './kms-decrypt-in-identity-policy';

export const rule: Rule = {
  meta: {
    id: 'iam-unknown-action',
    defaultSeverity: 'warning',
    summary: {
      en: 'An action names no real action of its service (a typo matches nothing: it allows, denies or excludes nothing).',
      ja: 'サービスに存在しないアクション名です (タイプミスはどのアクションにも一致せず、何も許可・拒否・除外しません)。',
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
            message: problem.message(effectOf(statement.effect, actions.negated)),
            fixes: () => suggestion
              ? fixIn(
                  policy.file,
                  { en: `Replace with ${suggestion}`, ja: `${suggestion} に置き換える` },
                  policy.editor.replaceItem(actions, item, [suggestion]),
                  true,
                  correctionWidens(statement.effect, actions, suggestion),
                )
              : [],
          });
        }
      }
    }
  },
};

/**
 * Whether making a misspelt action real gives access: in an Allow's Action it grants the action, in a
 * Deny's NotAction it exempts it from the Deny (and an unknown effect might be either) — unless the
 * list already covers the real action through another item.
 */
function correctionWidens(effect: 'Allow' | 'Deny' | undefined, actions: ElementList, action: string): boolean {
  const covered = listGrants(actions, action) === (actions.negated ? 'no' : 'yes');
  if (covered) return false;
  return effect === 'Allow' ? !actions.negated : effect === 'Deny' ? actions.negated : true;
}

/** What an action that matches nothing fails to do, by where it stands. */
type Effect = 'allows' | 'denies' | 'excludes' | 'matches';

function effectOf(effect: 'Allow' | 'Deny' | undefined, negated: boolean): Effect {
  if (negated) return 'excludes';
  return effect === 'Allow' ? 'allows' : effect === 'Deny' ? 'denies' : 'matches';
}

const NOTHING: Readonly<Record<Effect, Message>> = {
  allows: { en: 'allows nothing', ja: '何も許可しません' },
  denies: { en: 'denies nothing', ja: '何も拒否しません' },
  excludes: { en: 'excludes nothing from the statement', ja: 'ステートメントから何も除外しません' },
  matches: { en: 'matches no action', ja: 'どのアクションにも一致しません' },
};

interface Problem {
  /** The message for an action in an Allow or Deny statement, or in a NotAction list. */
  message(effect: Effect): Message;
  suggestion?: string;
}

/** Why an action string names nothing real, or undefined when it is fine. */
export function diagnose(catalog: ActionCatalog, action: string): Problem | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0) {
    return {
      message: () => ({
        en: `"${action}" is not an action: actions are written service:Action (for example kms:Decrypt).`,
        ja: `"${action}" はアクションではありません。アクションは service:Action の形で書きます (例: kms:Decrypt)。`,
      }),
    };
  }
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (/[*?]/.test(service)) return undefined;
  if (!catalog.hasService(service)) {
    const suggestion = catalog.closest(action);
    return {
      message: (effect) => ({
        en: `"${service}" is not an AWS service prefix, so "${action}" ${NOTHING[effect].en}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
        ja: `"${service}" は AWS のサービスプレフィックスではないため、"${action}" は${NOTHING[effect].ja}。${suggestion ? `${suggestion} のことですか?` : ''}`,
      }),
      suggestion,
    };
  }
  if (/[*?]/.test(name)) {
    if (catalog.expand(action).length > 0) return undefined;
    return {
      message: (effect) =>
        effect === 'matches'
          ? { en: `"${action}" matches no action of ${service.toLowerCase()}.`, ja: `"${action}" は ${service.toLowerCase()} のどのアクションにも一致しません。` }
          : {
              en: `"${action}" matches no action of ${service.toLowerCase()}, so it ${NOTHING[effect].en}.`,
              ja: `"${action}" は ${service.toLowerCase()} のどのアクションにも一致しないため、${NOTHING[effect].ja}。`,
            },
    };
  }
  if (catalog.canonical(action)) return undefined;
  const suggestion = catalog.closest(action);
  return {
    message: (effect) => ({
      en: `${service.toLowerCase()} has no action "${name}", so this ${NOTHING[effect].en}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
      ja: `${service.toLowerCase()} に "${name}" というアクションはないため、${NOTHING[effect].ja}。${suggestion ? `${suggestion} のことですか?` : ''}`,
    }),
    suggestion,
  };
}
