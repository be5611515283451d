import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTerraform } from '../../../server/src/core/terraform';
import { parseHcl } from '../../../server/src/core/terraform/hcl';
import { Expression, type ParsedFile, type Policy } from '../../../server/src/core/model';
import { applyTextEdits, type TextEdit } from '../../../server/src/core/text';

const fixtures = join(import.meta.dirname, 'fixtures');

/** Applies the edits a callback makes on the parsed file; the result must parse cleanly. */
function edit(text: string, make: (parsed: ParsedFile) => TextEdit[]): { text: string; reparsed: ParsedFile } {
  const parsed = parseTerraform('main.tf', text);
  assert.deepEqual(parsed.problems, [], 'the input parses cleanly');
  const edits = make(parsed);
  assert.ok(edits.length > 0, 'the editor produced edits');
  const result = applyTextEdits(text, edits);
  assert.deepEqual(parseHcl(result).problems, [], `the edited text parses cleanly:\n${result}`);
  const reparsed = parseTerraform('main.tf', result);
  assert.deepEqual(reparsed.problems, []);
  return { text: result, reparsed };
}

function only(parsed: ParsedFile): Policy {
  assert.equal(parsed.policies.length, 1);
  return parsed.policies[0]!;
}

function lines(...values: string[]): string {
  return values.join('\n') + '\n';
}

const identityPolicy = (action: string): string => lines(
  'resource "aws_iam_policy" "p" {',
  '  policy = jsonencode({',
  '    Statement = [',
  '      {',
  '        Effect = "Allow"',
  `        Action = ${action}`,
  '        Resource = "*"',
  '      }',
  '    ]',
  '  })',
  '}',
);

test('seed 003: removing kms:Decrypt and kms:ReEncrypt* gives the fixed policy, comments and all', () => {
  const text = readFileSync(join(fixtures, 'seed-003.tf'), 'utf8');
  const { text: fixed, reparsed } = edit(text, (parsed) => {
    const policy = parsed.policies[0]!;
    const actions = policy.statements[0]!.actions!;
    return policy.editor.removeItems(actions, [actions.items[1]!, actions.items[2]!]);
  });
  assert.equal(fixed, text.replace(
    '          "kms:Decrypt",    # **このアクションを削除**\n          "kms:ReEncrypt*", # **このアクションを削除**\n',
    '',
  ));
  assert.ok(fixed.includes('Action = [\n          "kms:Encrypt",\n          "kms:GenerateDataKey*"\n        ],'));
  assert.deepEqual(reparsed.policies[0]!.statements[0]!.actions!.items.map((i) => i.value), ['kms:Encrypt', 'kms:GenerateDataKey*']);
});

test('jsonencode removeItems: the last line item takes the comma before it; one-line lists lose the item and a comma', () => {
  const multi = identityPolicy('[\n          "a",\n          "b",\n          "c"\n        ]');
  const removeLast = edit(multi, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.removeItems(statements[0]!.actions!, [statements[0]!.actions!.items[2]!]);
  });
  assert.equal(removeLast.text, identityPolicy('[\n          "a",\n          "b"\n        ]'));

  const inline = identityPolicy('["a", "b", "c"]');
  const cases: [number[], string][] = [
    [[0], '["b", "c"]'],
    [[1], '["a", "c"]'],
    [[2], '["a", "b"]'],
    [[0, 1], '["c"]'],
    [[1, 2], '["a"]'],
    [[0, 2], '["b"]'],
  ];
  for (const [indexes, expected] of cases) {
    const result = edit(inline, (parsed) => {
      const { editor, statements } = only(parsed);
      const actions = statements[0]!.actions!;
      return editor.removeItems(actions, indexes.map((i) => actions.items[i]!));
    });
    assert.equal(result.text, identityPolicy(expected), `removing ${indexes}`);
  }
  // Removing every item is the caller's job (replace instead): no edit.
  const parsed = parseTerraform('main.tf', inline);
  const { editor, statements } = only(parsed);
  assert.deepEqual(editor.removeItems(statements[0]!.actions!, statements[0]!.actions!.items), []);
});

test('jsonencode addItems: one per line (with or without a trailing comma), inline, empty, single string', () => {
  const cases: [string, string][] = [
    ['[\n          "a"\n        ]', '[\n          "a",\n          "kms:GenerateDataKey",\n          "x$${y}"\n        ]'],
    ['[\n          "a",\n        ]', '[\n          "a",\n          "kms:GenerateDataKey",\n          "x$${y}",\n        ]'],
    ['[\n          "a" # why\n        ]', '[\n          "a", # why\n          "kms:GenerateDataKey",\n          "x$${y}"\n        ]'],
    ['["a"]', '["a", "kms:GenerateDataKey", "x$${y}"]'],
    ['[]', '["kms:GenerateDataKey", "x$${y}"]'],
    ['"a"', '["a", "kms:GenerateDataKey", "x$${y}"]'],
  ];
  for (const [before, after] of cases) {
    const result = edit(identityPolicy(before), (parsed) => {
      const { editor, statements } = only(parsed);
      return editor.addItems(statements[0]!.actions!, ['kms:GenerateDataKey', 'x${y}']);
    });
    // `${` in a value is written escaped so Terraform keeps it literal (IAM policy variables).
    assert.equal(result.text, identityPolicy(after), before);
    assert.deepEqual(only(result.reparsed).statements[0]!.actions!.items.slice(-2).map((i) => [i.value, i.known]), [['kms:GenerateDataKey', true], ['x${y}', true]]);
  }
});

test('jsonencode replaceItem: one item becomes several in the list style; a single string becomes a list', () => {
  const multi = edit(identityPolicy('[\n          "kms:*",\n          "s3:GetObject"\n        ]'), (parsed) => {
    const { editor, statements } = only(parsed);
    const actions = statements[0]!.actions!;
    return editor.replaceItem(actions, actions.items[0]!, ['kms:Encrypt', 'kms:GenerateDataKey*']);
  });
  assert.equal(multi.text, identityPolicy('[\n          "kms:Encrypt",\n          "kms:GenerateDataKey*",\n          "s3:GetObject"\n        ]'));
  const single = edit(identityPolicy('"kms:*"'), (parsed) => {
    const { editor, statements } = only(parsed);
    const actions = statements[0]!.actions!;
    return editor.replaceItem(actions, actions.items[0]!, ['kms:Encrypt', 'kms:DescribeKey']);
  });
  assert.equal(single.text, identityPolicy('["kms:Encrypt", "kms:DescribeKey"]'));
});

test('replaceString: a Terraform expression is written unquoted, a string quoted', () => {
  const text = lines(
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({',
    '    Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_alias.app.arn }]',
    '  })',
    '}',
  );
  const result = edit(text, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.replaceString(statements[0]!.resources!.items[0]!, new Expression('aws_kms_key.app.arn', '${aws_kms_key.app.arn}'));
  });
  assert.equal(result.text, text.replace('Resource = aws_kms_alias.app.arn', 'Resource = aws_kms_key.app.arn'));
  assert.deepEqual(only(result.reparsed).statements[0]!.resources!.items[0]!.ref, { type: 'aws_kms_key', name: 'app', attribute: 'arn', scope: '' });

  const literal = edit(text, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.replaceString(statements[0]!.resources!.items[0]!, 'arn:aws:kms:us-east-1:111122223333:key/*');
  });
  assert.equal(literal.text, text.replace('aws_kms_alias.app.arn', '"arn:aws:kms:us-east-1:111122223333:key/*"'));
});

test('bucket encryption: kms_master_key_id is replaced in place (legacy inline block and separate resource)', () => {
  const text = readFileSync(join(fixtures, 'bucket.tf'), 'utf8');
  const parsed = parseTerraform('bucket.tf', text);
  const [inline] = parsed.encryption;
  const edits = inline!.editor!.replaceString(inline!.keyId!, new Expression('aws_kms_key.data.arn', '${aws_kms_key.data.arn}'));
  const result = applyTextEdits(text, edits);
  assert.equal(result, text.replace('kms_master_key_id = aws_kms_alias.data.arn', 'kms_master_key_id = aws_kms_key.data.arn'));
  assert.deepEqual(parseTerraform('bucket.tf', result).encryption[0]!.keyId!.ref, { type: 'aws_kms_key', name: 'data', attribute: 'arn', scope: '' });
});

test('jsonencode addStatement: appended in the style of the statement before it', () => {
  const text = readFileSync(join(fixtures, 'seed-003.tf'), 'utf8');
  const statement = {
    Sid: 'AllowDecrypt',
    Effect: 'Allow',
    Principal: { AWS: new Expression('aws_iam_role.app.arn', '${aws_iam_role.app.arn}') },
    Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
    Resource: '*',
  };
  const result = edit(text, (parsed) => parsed.policies[1]!.editor.addStatement(statement));
  assert.equal(result.text, text.replace(
    '        Resource = "*"\n      }\n    ]\n  })\n}\n\nresource "aws_iam_role"',
    [
      '        Resource = "*"',
      '      },',
      '      {',
      '        Sid    = "AllowDecrypt"',
      '        Effect = "Allow"',
      '        Principal = {',
      '          AWS = aws_iam_role.app.arn',
      '        }',
      '        Action   = ["kms:Decrypt", "kms:ReEncryptFrom"]',
      '        Resource = "*"',
      '      }',
      '    ]',
      '  })',
      '}',
      '',
      'resource "aws_iam_role"',
    ].join('\n'),
  ));
  const key = result.reparsed.policies[1]!;
  assert.deepEqual(key.statements.map((s) => s.sid), ['Enable IAM User Permissions', 'Allow application role to decrypt', 'AllowDecrypt']);
  assert.deepEqual(key.statements[2]!.principals!.entries[0]!.value.ref, { type: 'aws_iam_role', name: 'app', attribute: 'arn', scope: '' });
});

test('jsonencode addStatement: comma style and a missing Statement list', () => {
  const commas = lines(
    'resource "aws_kms_key" "k" {',
    '  policy = jsonencode({',
    '    Statement = [',
    '      {',
    '        Effect = "Allow",',
    '        Action = "kms:*",',
    '        Resource = "*"',
    '      },',
    '    ]',
    '  })',
    '}',
  );
  const result = edit(commas, (parsed) => only(parsed).editor.addStatement({ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }));
  assert.equal(result.text, commas.replace('      },\n    ]', [
    '      },',
    '      {',
    '        Effect   = "Deny",',
    '        Action   = "kms:ScheduleKeyDeletion",',
    '        Resource = "*"',
    '      },',
    '    ]',
  ].join('\n')));
  assert.equal(only(result.reparsed).statements[1]!.effect, 'Deny');
});

test('jsonencode addCondition: new Condition member, new operator, existing key replaced', () => {
  const base = (condition: string): string => lines(
    'resource "aws_kms_key" "k" {',
    '  policy = jsonencode({',
    '    Statement = [',
    '      {',
    '        Effect    = "Allow"',
    '        Principal = "*"',
    '        Action    = "kms:Decrypt"',
    '        Resource  = "*"',
    ...condition ? [condition] : [],
    '      }',
    '    ]',
    '  })',
    '}',
  );
  const add = (text: string): string => edit(text, (parsed) => {
    const policy = only(parsed);
    return policy.editor.addCondition(policy.statements[0]!, 'StringEquals', 'kms:CallerAccount', ['111122223333']);
  }).text;
  assert.equal(add(base('')), base([
    '        Condition = {',
    '          StringEquals = {',
    '            "kms:CallerAccount" = "111122223333"',
    '          }',
    '        }',
  ].join('\n')));
  assert.equal(
    add(base('        Condition = {\n          Bool = { "aws:SecureTransport" = "true" }\n        }')),
    base('        Condition = {\n          Bool = { "aws:SecureTransport" = "true" }\n          StringEquals = {\n            "kms:CallerAccount" = "111122223333"\n          }\n        }'),
  );
  assert.equal(
    add(base('        Condition = {\n          StringEquals = {\n            "kms:ViaService" = "s3.us-east-1.amazonaws.com"\n          }\n        }')),
    base('        Condition = {\n          StringEquals = {\n            "kms:ViaService"    = "s3.us-east-1.amazonaws.com"\n            "kms:CallerAccount" = "111122223333"\n          }\n        }'),
  );
  assert.equal(
    add(base('        Condition = {\n          StringEquals = {\n            "kms:CallerAccount" = "999999999999"\n          }\n        }')),
    base('        Condition = {\n          StringEquals = {\n            "kms:CallerAccount" = "111122223333"\n          }\n        }'),
  );
});

test('heredoc JSON: edits go through the JSON editor and land inside the heredoc', () => {
  const text = lines(
    'resource "aws_iam_role_policy" "r" {',
    '  role   = aws_iam_role.r.name',
    '  policy = <<EOT',
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Allow",',
    '      "Action": ["kms:Decrypt", "kms:Encrypt"],',
    '      "Resource": "*"',
    '    }',
    '  ]',
    '}',
    'EOT',
    '}',
  );
  const removed = edit(text, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.removeItems(statements[0]!.actions!, [statements[0]!.actions!.items[0]!]);
  });
  assert.equal(removed.text, text.replace('["kms:Decrypt", "kms:Encrypt"]', '["kms:Encrypt"]'));
  const replaced = edit(text, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.replaceString(statements[0]!.resources!.items[0]!, new Expression('aws_kms_key.k.arn', '${aws_kms_key.k.arn}'));
  });
  assert.equal(replaced.text, text.replace('"Resource": "*"', '"Resource": "${aws_kms_key.k.arn}"'));
  assert.deepEqual(only(replaced.reparsed).statements[0]!.resources!.items[0]!.ref, { type: 'aws_kms_key', name: 'k', attribute: 'arn', scope: '' });
});

const documentText = lines(
  'data "aws_iam_policy_document" "key" {',
  '  statement {',
  '    sid       = "Use"',
  '    actions   = ["kms:Decrypt", "kms:Encrypt"]',
  '    resources = ["*"]',
  '',
  '    principals {',
  '      type        = "AWS"',
  '      identifiers = ["arn:aws:iam::111122223333:role/app"]',
  '    }',
  '  }',
  '}',
  '',
  'resource "aws_kms_key" "k" {',
  '  policy = data.aws_iam_policy_document.key.json',
  '}',
);

test('policy document: removeItems, addItems and replaceString edit the arguments', () => {
  const removed = edit(documentText, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.removeItems(statements[0]!.actions!, [statements[0]!.actions!.items[0]!]);
  });
  assert.equal(removed.text, documentText.replace('["kms:Decrypt", "kms:Encrypt"]', '["kms:Encrypt"]'));
  const added = edit(documentText, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.addItems(statements[0]!.actions!, ['kms:GenerateDataKey']);
  });
  assert.equal(added.text, documentText.replace('"kms:Encrypt"]', '"kms:Encrypt", "kms:GenerateDataKey"]'));
  const principal = edit(documentText, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.replaceString(statements[0]!.principals!.entries[0]!.value, new Expression('aws_iam_role.app.arn', '${aws_iam_role.app.arn}'));
  });
  assert.equal(principal.text, documentText.replace('["arn:aws:iam::111122223333:role/app"]', '[aws_iam_role.app.arn]'));
});

test('policy document: addStatement writes a statement block with principals and condition blocks', () => {
  const result = edit(documentText, (parsed) => only(parsed).editor.addStatement({
    Sid: 'EnableRoot',
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::111122223333:root' },
    Action: 'kms:*',
    Resource: '*',
    Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } },
  }));
  assert.equal(result.text, documentText.replace('    }\n  }\n}\n', [
    '    }',
    '  }',
    '',
    '  statement {',
    '    sid       = "EnableRoot"',
    '    effect    = "Allow"',
    '    actions   = ["kms:*"]',
    '    resources = ["*"]',
    '',
    '    principals {',
    '      type        = "AWS"',
    '      identifiers = ["arn:aws:iam::111122223333:root"]',
    '    }',
    '',
    '    condition {',
    '      test     = "StringEquals"',
    '      variable = "kms:CallerAccount"',
    '      values   = ["111122223333"]',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n')));
  const statements = only(result.reparsed).statements;
  assert.equal(statements.length, 2);
  assert.deepEqual(statements[1]!.principals!.entries.map((e) => [e.type, e.value.value]), [['AWS', 'arn:aws:iam::111122223333:root']]);
  assert.deepEqual(statements[1]!.conditions.map((c) => [c.operator, c.key, c.values.map((v) => v.value)]), [['StringEquals', 'kms:CallerAccount', ['111122223333']]]);
});

test('policy document: addCondition adds a condition block, or replaces the values of the same test and variable', () => {
  const added = edit(documentText, (parsed) => {
    const policy = only(parsed);
    return policy.editor.addCondition(policy.statements[0]!, 'StringEquals', 'kms:CallerAccount', ['111122223333']);
  });
  assert.equal(added.text, documentText.replace('      identifiers = ["arn:aws:iam::111122223333:role/app"]\n    }\n', [
    '      identifiers = ["arn:aws:iam::111122223333:role/app"]',
    '    }',
    '',
    '    condition {',
    '      test     = "StringEquals"',
    '      variable = "kms:CallerAccount"',
    '      values   = ["111122223333"]',
    '    }',
    '',
  ].join('\n')));
  const replaced = edit(added.text, (parsed) => {
    const policy = only(parsed);
    return policy.editor.addCondition(policy.statements[0]!, 'StringEquals', 'kms:CallerAccount', ['444455556666']);
  });
  assert.equal(replaced.text, added.text.replace('values   = ["111122223333"]', 'values   = ["444455556666"]'));
});

test('indented <<- heredoc JSON: new JSON is laid out at the heredoc indentation', () => {
  const text = lines(
    'resource "aws_kms_key" "k" {',
    '  policy = <<-EOT',
    '    {',
    '      "Statement": [',
    '        {',
    '          "Effect": "Allow",',
    '          "Principal": {"AWS": "arn:aws:iam::111122223333:root"},',
    '          "Action": ["kms:*", "kms:Decrypt"],',
    '          "Resource": "*"',
    '        }',
    '      ]',
    '    }',
    '  EOT',
    '}',
  );
  const added = edit(text, (parsed) => {
    const policy = only(parsed);
    return policy.editor.addCondition(policy.statements[0]!, 'StringEquals', 'kms:CallerAccount', ['111122223333']);
  });
  assert.equal(added.text, text.replace('          "Resource": "*"\n', [
    '          "Resource": "*",',
    '          "Condition": {',
    '            "StringEquals": {',
    '              "kms:CallerAccount": "111122223333"',
    '            }',
    '          }',
    '',
  ].join('\n')));
  const statement = edit(text, (parsed) => only(parsed).editor.addStatement({ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }));
  assert.equal(statement.text, text.replace('        }\n      ]', [
    '        },',
    '        {',
    '          "Effect": "Deny",',
    '          "Action": "kms:ScheduleKeyDeletion",',
    '          "Resource": "*"',
    '        }',
    '      ]',
  ].join('\n')));
  const removed = edit(text, (parsed) => {
    const { editor, statements } = only(parsed);
    return editor.removeItems(statements[0]!.actions!, [statements[0]!.actions!.items[1]!]);
  });
  assert.equal(removed.text, text.replace('["kms:*", "kms:Decrypt"]', '["kms:*"]'));
  assert.deepEqual(only(removed.reparsed).statements[0]!.actions!.items[0]!.span.start, removed.text.indexOf('"kms:*"'));
});
