import type { Message } from '../finding';

/** A global condition key (IAM User Guide, "AWS global condition context keys"): usable with every action. */
export interface GlobalConditionKey {
  /** As documented; `${TagKey}` stands for the part the policy author writes. */
  readonly key: string;
  /** The condition key's value type, as the Service Authorization Reference names types. */
  readonly type: 'String' | 'ARN' | 'Bool' | 'Numeric' | 'Date' | 'IPAddress' | 'ArrayOfString';
  readonly description: Message;
}

const key = (k: string, type: GlobalConditionKey['type'], en: string, ja: string): GlobalConditionKey => ({ key: k, type, description: { en, ja } });

/**
 * The global condition keys, in the documentation's groups (principal, role session, network,
 * resource, request). The service data lists only the keys each service documents for its actions;
 * these apply everywhere, though AWS includes each in a request only in the situations it describes.
 */
export const GLOBAL_CONDITION_KEYS: readonly GlobalConditionKey[] = [
  // Properties of the principal
  key('aws:PrincipalArn', 'ARN', 'The ARN of the principal that made the request; for a role session, the role\'s ARN (not the session\'s).', 'リクエストしたプリンシパルの ARN。ロールセッションではセッションではなくロールの ARN です。'),
  key('aws:PrincipalAccount', 'String', 'The AWS account the requesting principal belongs to.', 'リクエストしたプリンシパルが属する AWS アカウント。'),
  key('aws:PrincipalOrgID', 'String', 'The AWS Organizations organization ID of the requesting principal\'s account.', 'リクエストしたプリンシパルのアカウントが属する AWS Organizations の組織 ID。'),
  key('aws:PrincipalOrgPaths', 'ArrayOfString', 'The AWS Organizations path of the requesting principal\'s account (organization, root, OUs); use with ForAnyValue.', 'リクエストしたプリンシパルのアカウントの AWS Organizations パス (組織・ルート・OU)。ForAnyValue と組み合わせます。'),
  key('aws:PrincipalTag/${TagKey}', 'String', 'A tag attached to the requesting principal (IAM user or role, or passed in a session).', 'リクエストしたプリンシパル (IAM ユーザー・ロール、またはセッションで渡されたもの) に付いたタグ。'),
  key('aws:PrincipalIsAWSService', 'Bool', 'Whether the request is made directly by an AWS service principal (not by a service acting for a user).', 'AWS のサービスプリンシパル自身が直接リクエストしたかどうか (ユーザーの代わりに呼ぶ場合は含みません)。'),
  key('aws:PrincipalServiceName', 'String', 'The name of the AWS service principal making the request (for example cloudtrail.amazonaws.com).', 'リクエストしている AWS サービスプリンシパルの名前 (例: cloudtrail.amazonaws.com)。'),
  key('aws:PrincipalServiceNamesList', 'ArrayOfString', 'Every service principal name of the service making the request; use with ForAnyValue.', 'リクエストしているサービスのすべてのサービスプリンシパル名。ForAnyValue と組み合わせます。'),
  key('aws:PrincipalType', 'String', 'The type of the requesting principal: Account, User, FederatedUser, AssumedRole or Anonymous.', 'リクエストしたプリンシパルの種類: Account、User、FederatedUser、AssumedRole、Anonymous。'),
  key('aws:userid', 'String', 'The principal identifier of the requester (for a role session, ROLE-ID:SESSION-NAME).', 'リクエストしたプリンシパルの識別子 (ロールセッションでは ロール ID:セッション名)。'),
  key('aws:username', 'String', 'The friendly name of the requesting IAM user.', 'リクエストした IAM ユーザーの名前。'),
  // Properties of a role session
  key('aws:AssumedRoot', 'Bool', 'Whether the request is made with a privileged root session obtained through AssumeRoot.', 'AssumeRoot で得た特権ルートセッションでのリクエストかどうか。'),
  key('aws:FederatedProvider', 'String', 'The identity provider that issued the requester\'s federated session.', 'リクエストしたフェデレーションセッションを発行した ID プロバイダー。'),
  key('aws:TokenIssueTime', 'Date', 'When the temporary credentials of the request were issued.', 'リクエストに使われた一時的な認証情報の発行日時。'),
  key('aws:MultiFactorAuthAge', 'Numeric', 'Seconds since the requester authenticated with MFA (absent without MFA).', 'MFA で認証してからの秒数 (MFA なしでは含まれません)。'),
  key('aws:MultiFactorAuthPresent', 'Bool', 'Whether the request\'s temporary credentials were obtained with MFA (absent for long-term credentials; test with Null or BoolIfExists).', 'リクエストの一時的な認証情報が MFA 付きで取得されたかどうか (長期認証情報では含まれないため Null か BoolIfExists で調べます)。'),
  key('aws:SourceIdentity', 'String', 'The source identity set when the role was assumed.', 'ロールを引き受けたときに設定されたソース ID。'),
  key('aws:Ec2InstanceSourceVpc', 'String', 'The VPC of the EC2 instance whose role credentials made the request.', 'リクエストに使われたロール認証情報を持つ EC2 インスタンスの VPC。'),
  key('aws:Ec2InstanceSourcePrivateIPv4', 'IPAddress', 'The private IPv4 address of the EC2 instance whose role credentials made the request.', 'リクエストに使われたロール認証情報を持つ EC2 インスタンスのプライベート IPv4 アドレス。'),
  // Network properties
  key('aws:SourceIp', 'IPAddress', 'The requester\'s public IP address (absent when the request comes through a VPC endpoint).', 'リクエスト元のパブリック IP アドレス (VPC エンドポイント経由では含まれません)。'),
  key('aws:SourceVpc', 'String', 'The VPC the request came from through a VPC endpoint.', 'VPC エンドポイント経由のリクエストの送信元 VPC。'),
  key('aws:SourceVpcArn', 'ARN', 'The ARN of the VPC the request came from through a VPC endpoint.', 'VPC エンドポイント経由のリクエストの送信元 VPC の ARN。'),
  key('aws:SourceVpce', 'String', 'The VPC endpoint the request came through.', 'リクエストが通った VPC エンドポイント。'),
  key('aws:VpcSourceIp', 'IPAddress', 'The requester\'s IP address inside the VPC, for requests through a VPC endpoint.', 'VPC エンドポイント経由のリクエストで、VPC 内のリクエスト元 IP アドレス。'),
  key('aws:VpceAccount', 'String', 'The AWS account that owns the VPC endpoint the request came through.', 'リクエストが通った VPC エンドポイントを所有する AWS アカウント。'),
  key('aws:VpceOrgID', 'String', 'The AWS Organizations ID of the account that owns the VPC endpoint the request came through.', 'リクエストが通った VPC エンドポイントを所有するアカウントの AWS Organizations 組織 ID。'),
  key('aws:VpceOrgPaths', 'ArrayOfString', 'The AWS Organizations path of the account that owns the VPC endpoint the request came through.', 'リクエストが通った VPC エンドポイントを所有するアカウントの AWS Organizations パス。'),
  // Properties of the resource
  key('aws:ResourceAccount', 'String', 'The AWS account that owns the resource of the request.', 'リクエスト対象のリソースを所有する AWS アカウント。'),
  key('aws:ResourceOrgID', 'String', 'The AWS Organizations ID of the account that owns the resource.', 'リソースを所有するアカウントの AWS Organizations 組織 ID。'),
  key('aws:ResourceOrgPaths', 'ArrayOfString', 'The AWS Organizations path of the account that owns the resource; use with ForAnyValue.', 'リソースを所有するアカウントの AWS Organizations パス。ForAnyValue と組み合わせます。'),
  key('aws:ResourceTag/${TagKey}', 'String', 'A tag attached to the resource of the request (for KMS, a tag on the key).', 'リクエスト対象のリソースに付いたタグ (KMS ではキーのタグ)。'),
  // Properties of the request
  key('aws:CalledVia', 'ArrayOfString', 'The services that made the request on the principal\'s behalf, in order (for example cloudformation.amazonaws.com); use with ForAnyValue.', 'プリンシパルの代わりにリクエストしたサービスの並び (例: cloudformation.amazonaws.com)。ForAnyValue と組み合わせます。'),
  key('aws:CalledViaFirst', 'String', 'The first service in aws:CalledVia.', 'aws:CalledVia の最初のサービス。'),
  key('aws:CalledViaLast', 'String', 'The last service in aws:CalledVia.', 'aws:CalledVia の最後のサービス。'),
  key('aws:ViaAWSService', 'Bool', 'Whether an AWS service made the request on the principal\'s behalf (forward access sessions).', 'AWS のサービスがプリンシパルの代わりにリクエストしたかどうか (フォワードアクセスセッション)。'),
  key('aws:CurrentTime', 'Date', 'The date and time of the request.', 'リクエストの日時。'),
  key('aws:EpochTime', 'Date', 'The date and time of the request as seconds since the epoch (or an ISO 8601 date).', 'リクエストの日時 (エポック秒、または ISO 8601 の日付)。'),
  key('aws:referer', 'String', 'The HTTP referer of the request (set by the client; not a security control).', 'リクエストの HTTP リファラー (クライアントが設定するため、セキュリティ対策にはなりません)。'),
  key('aws:RequestedRegion', 'String', 'The AWS Region the request was made to.', 'リクエスト先の AWS リージョン。'),
  key('aws:RequestTag/${TagKey}', 'String', 'A tag passed in the request (for example when creating or tagging a key).', 'リクエストで渡されたタグ (キーの作成時やタグ付け時など)。'),
  key('aws:TagKeys', 'ArrayOfString', 'The tag keys passed in the request; use with ForAllValues or ForAnyValue.', 'リクエストで渡されたタグキー。ForAllValues か ForAnyValue と組み合わせます。'),
  key('aws:SecureTransport', 'Bool', 'Whether the request was sent over TLS.', 'リクエストが TLS で送信されたかどうか。'),
  key('aws:SourceAccount', 'String', 'The account of the resource for which an AWS service makes a service-to-service request (confused-deputy protection).', 'AWS のサービスがサービス間リクエストを行う対象リソースのアカウント (混乱した代理問題の対策)。'),
  key('aws:SourceArn', 'ARN', 'The ARN of the resource for which an AWS service makes a service-to-service request.', 'AWS のサービスがサービス間リクエストを行う対象リソースの ARN。'),
  key('aws:SourceOrgID', 'String', 'The AWS Organizations ID of the account of the resource for which a service makes a service-to-service request.', 'サービス間リクエストの対象リソースのアカウントが属する AWS Organizations 組織 ID。'),
  key('aws:SourceOrgPaths', 'ArrayOfString', 'The AWS Organizations path of the account of the resource for which a service makes a service-to-service request.', 'サービス間リクエストの対象リソースのアカウントの AWS Organizations パス。'),
  key('aws:UserAgent', 'String', 'The requester\'s client application (set by the client; not a security control).', 'リクエスト元のクライアントアプリケーション (クライアントが設定するため、セキュリティ対策にはなりません)。'),
];
