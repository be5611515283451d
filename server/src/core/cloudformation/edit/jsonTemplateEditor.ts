import { toJson } from '../../json/editor';
import { JsonPolicyEditor } from '../../json/editor';
import type { FixValue, PObject } from '../../model';
import { writableInTemplate } from './writable';

/**
 * Edits a JSON template (CDK output, hand-written JSON) with the JSON editor; expressions are
 * written as the intrinsic objects CloudFormation reads (`{"Fn::GetAtt": ["DataKey", "Arn"]}`).
 */
export class JsonTemplateEditor extends JsonPolicyEditor {
  constructor(
    text: string,
    root: PObject,
    private readonly file: string,
  ) {
    super(text, 0, text.length, root);
  }

  canWrite(value: FixValue): boolean {
    return writableInTemplate(value, this.file);
  }

  protected override jsonValue(value: FixValue): unknown {
    return toJson(value, (expression) => expression.template);
  }
}
