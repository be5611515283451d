import { toJson } from '../../json/editor';
import { JsonPolicyEditor } from '../../json/editor';
import type { FixValue, PObject, PString, Statement } from '../../model';
import type { TextEdit } from '../../text';
import { writableInTemplate, type WritePlace } from './writable';

/**
 * Edits a JSON template (CDK output, hand-written JSON) with the JSON editor; expressions are
 * written as the intrinsic objects CloudFormation reads (`{"Fn::GetAtt": ["DataKey", "Arn"]}`).
 */
export class JsonTemplateEditor extends JsonPolicyEditor {
  constructor(
    text: string,
    root: PObject,
    private readonly place: WritePlace,
  ) {
    super(text, 0, text.length, root);
  }

  canWrite(value: FixValue): boolean {
    return writableInTemplate(value, this.place);
  }

  // Values naming another template's resources (or Terraform's) are never written.
  override replaceString(node: PString, value: FixValue): TextEdit[] {
    return this.canWrite(value) ? super.replaceString(node, value) : [];
  }

  override addStatement(statement: { [key: string]: FixValue }): TextEdit[] {
    return this.canWrite(statement) ? super.addStatement(statement) : [];
  }

  override addCondition(statement: Statement, operator: string, key: string, values: readonly FixValue[]): TextEdit[] {
    return this.canWrite([...values]) ? super.addCondition(statement, operator, key, values) : [];
  }

  protected override jsonValue(value: FixValue): unknown {
    return toJson(value, (expression) => expression.template);
  }
}
