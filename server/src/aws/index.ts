// Entry of the separate AWS bundle (dist/aws/kms.js): the only code that imports the AWS SDK.
// Load it through ./lazy so the CLI and the language server start without the SDK.
export { fetchKeySnapshot, type FetchOptions, type FetchResult } from './kms';
export { describeAwsError, redact, type AwsErrorCode, type AwsProblem } from './errors';
