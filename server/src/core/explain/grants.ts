import type { Message } from '../finding';
import type { KmsGrant } from './snapshot';

/** What KeyLens understood about who created a grant and why. */
export interface GrantOrigin {
  /** Short id: `lambda`, `ebs`, `rds`, ... or `service` for an unrecognized AWS service. */
  readonly service: string;
  /** `service:<principal>` of the creating service. */
  readonly createdBy: string;
  readonly explanation: Message;
  /** What stops working when the grant is retired or revoked. */
  readonly retireImpact: Message;
}

interface GrantFacts {
  readonly grant: KmsGrant;
  /** Encryption context constraints, Equals and Subset merged. */
  readonly context: Readonly<Record<string, string>>;
  /** Services named by the grantee and retiring principals (`lambda`, `rds`, `autoscaling`...). */
  readonly services: readonly string[];
}

interface Recognizer {
  readonly service: string;
  readonly principal: string;
  matches(facts: GrantFacts): boolean;
  describe(facts: GrantFacts): { explanation: Message; retireImpact: Message };
}

/**
 * The service named by a principal: a service principal (`lambda.ap-northeast-1.amazonaws.com`) or a
 * service-linked role (`arn:aws:iam::1:role/aws-service-role/autoscaling.amazonaws.com/...`).
 */
export function serviceOfPrincipal(principal: string | undefined): string | undefined {
  if (!principal) return undefined;
  const host = /^([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/.exec(principal);
  if (host) return host[1];
  const linked = /:role\/aws-service-role\/([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\//.exec(principal);
  if (linked) return linked[1];
  return undefined;
}

function contextValue(facts: GrantFacts, ...keys: string[]): string | undefined {
  for (const key of keys) {
    for (const [name, value] of Object.entries(facts.context)) if (name.toLowerCase() === key.toLowerCase()) return value;
  }
  return undefined;
}

function hasService(facts: GrantFacts, ...services: string[]): boolean {
  return facts.services.some((s) => services.includes(s));
}

const recognizers: readonly Recognizer[] = [
  {
    service: 'lambda',
    principal: 'lambda.amazonaws.com',
    matches: (f) => contextValue(f, 'aws:lambda:FunctionArn') !== undefined || hasService(f, 'lambda'),
    describe(f) {
      const fn = contextValue(f, 'aws:lambda:FunctionArn') ?? 'the function';
      return {
        explanation: {
          en: `Created by AWS Lambda when ${fn} was set to encrypt its environment variables with this key. It lets the function's execution role decrypt them (only with the encryption context aws:lambda:FunctionArn = ${fn}); Lambda is the retiring principal. This is why the role can decrypt although neither its IAM policy nor the key policy allows it.`,
          ja: `${fn} の環境変数をこのキーで暗号化する設定にしたときに AWS Lambda が作成したグラントです。関数の実行ロールが環境変数を復号できるようにします (暗号化コンテキスト aws:lambda:FunctionArn = ${fn} の場合のみ)。リタイアできるのは Lambda です。IAM ポリシーにもキーポリシーにも許可がないのにロールが復号できるのはこのグラントのためです。`,
        },
        retireImpact: {
          en: `Retiring or revoking it breaks the function's environment variables: invocations fail with "Lambda was unable to decrypt the environment variables because KMS access was denied" until the key policy or the role's IAM policy allows kms:Decrypt, or the function's configuration is saved again so Lambda creates a new grant.`,
          ja: `リタイアまたは取り消すと関数の環境変数が復号できなくなり、呼び出しは "Lambda was unable to decrypt the environment variables because KMS access was denied" で失敗します。キーポリシーかロールの IAM ポリシーで kms:Decrypt を許可するか、関数の設定を保存し直して Lambda にグラントを作り直させるまで直りません。`,
        },
      };
    },
  },
  {
    service: 'autoscaling',
    principal: 'autoscaling.amazonaws.com',
    matches: (f) => hasService(f, 'autoscaling'),
    describe: () => ({
      explanation: {
        en: 'Grant for the EC2 Auto Scaling service-linked role, so Auto Scaling can launch instances whose EBS volumes are encrypted with this key.',
        ja: 'EC2 Auto Scaling のサービスリンクロール向けのグラントです。このキーで暗号化された EBS ボリュームを持つインスタンスを Auto Scaling が起動できるようにします。',
      },
      retireImpact: {
        en: 'Retiring it makes Auto Scaling fail to launch instances with encrypted volumes (instances go straight to terminated with a KMS access error).',
        ja: 'リタイアすると、暗号化ボリュームを持つインスタンスを Auto Scaling が起動できなくなります (KMS のアクセスエラーですぐに終了します)。',
      },
    }),
  },
  {
    service: 'workspaces',
    principal: 'workspaces.amazonaws.com',
    matches: (f) => hasService(f, 'workspaces') || Object.keys(f.context).some((k) => k.toLowerCase().startsWith('aws:workspaces:')),
    describe: () => ({
      explanation: {
        en: 'Created by Amazon WorkSpaces to use this key for the encrypted root and user volumes of WorkSpaces.',
        ja: 'WorkSpaces の暗号化されたルートボリューム・ユーザーボリュームにこのキーを使うため、Amazon WorkSpaces が作成したグラントです。',
      },
      retireImpact: {
        en: 'Retiring it can leave WorkSpaces unable to start, rebuild or restore their encrypted volumes.',
        ja: 'リタイアすると、WorkSpaces が暗号化ボリュームを起動・再構築・復元できなくなることがあります。',
      },
    }),
  },
  {
    service: 'ebs',
    principal: 'ec2.amazonaws.com',
    matches: (f) => contextValue(f, 'aws:ebs:id') !== undefined || hasService(f, 'ec2', 'ebs'),
    describe(f) {
      const volume = contextValue(f, 'aws:ebs:id');
      const what = volume ? `EBS volume or snapshot ${volume}` : 'an EBS volume';
      const whatJa = volume ? `EBS ボリュームまたはスナップショット ${volume}` : 'EBS ボリューム';
      return {
        explanation: {
          en: `Created by Amazon EC2/EBS for ${what} (encryption context aws:ebs:id), so EC2 can decrypt the volume's data key when the volume is attached or the instance starts.`,
          ja: `${whatJa} のために Amazon EC2/EBS が作成したグラントです (暗号化コンテキスト aws:ebs:id)。ボリュームのアタッチやインスタンスの起動時に EC2 がデータキーを復号できるようにします。`,
        },
        retireImpact: {
          en: 'Retiring it while the volume is in use can make the volume unreadable the next time it is attached or the instance starts (the instance may fail to start or the volume becomes impaired). EC2 retires it itself when the volume is detached.',
          ja: '使用中にリタイアすると、次回のアタッチやインスタンス起動時にボリュームを読めなくなることがあります (インスタンスが起動しない、ボリュームが impaired になる)。ボリュームをデタッチすると EC2 が自分でリタイアします。',
        },
      };
    },
  },
  {
    service: 'rds',
    principal: 'rds.amazonaws.com',
    matches: (f) => contextValue(f, 'aws:rds:db-id', 'aws:rds:dbc-id') !== undefined || hasService(f, 'rds'),
    describe(f) {
      const db = contextValue(f, 'aws:rds:db-id', 'aws:rds:dbc-id');
      const what = db ? `DB resource ${db}` : 'a DB instance or cluster';
      const whatJa = db ? `DB リソース ${db}` : 'DB インスタンスまたはクラスター';
      return {
        explanation: {
          en: `Created by Amazon RDS for ${what}, so RDS can encrypt and decrypt the database's storage, snapshots and replicas with this key.`,
          ja: `${whatJa} のために Amazon RDS が作成したグラントです。データベースのストレージ・スナップショット・レプリカをこのキーで暗号化・復号できるようにします。`,
        },
        retireImpact: {
          en: 'Retiring it cuts the database off from its encrypted storage: RDS puts it into the inaccessible-encryption-credentials state, and it cannot be started or restored until access to the key is back.',
          ja: 'リタイアするとデータベースが暗号化ストレージにアクセスできなくなり、RDS は inaccessible-encryption-credentials 状態にします。キーへのアクセスが戻るまで起動も復元もできません。',
        },
      };
    },
  },
  {
    service: 'secretsmanager',
    principal: 'secretsmanager.amazonaws.com',
    matches: (f) => contextValue(f, 'SecretARN', 'aws:secretsmanager:arn') !== undefined || hasService(f, 'secretsmanager'),
    describe(f) {
      const secret = contextValue(f, 'SecretARN', 'aws:secretsmanager:arn');
      return {
        explanation: {
          en: `Grant used by AWS Secrets Manager${secret ? ` for secret ${secret}` : ''}: it decrypts the secret's values, which are encrypted with this key under the SecretARN encryption context.`,
          ja: `AWS Secrets Manager が使うグラントです${secret ? ` (シークレット ${secret})` : ''}。このキーで暗号化されたシークレットの値 (暗号化コンテキスト SecretARN) を復号します。`,
        },
        retireImpact: {
          en: 'Retiring it can make GetSecretValue fail for secret versions encrypted with this key, and rotation fail, unless the key policy or IAM policies allow the callers themselves.',
          ja: 'リタイアすると、キーポリシーや IAM ポリシーで呼び出し元自身が許可されていない限り、このキーで暗号化されたシークレットの GetSecretValue やローテーションが失敗することがあります。',
        },
      };
    },
  },
  {
    service: 'dynamodb',
    principal: 'dynamodb.amazonaws.com',
    matches: (f) => contextValue(f, 'aws:dynamodb:tableName', 'aws:dynamodb:subscriberId') !== undefined || hasService(f, 'dynamodb'),
    describe(f) {
      const table = contextValue(f, 'aws:dynamodb:tableName');
      const what = table ? `table ${table}` : 'a table';
      const whatJa = table ? `テーブル ${table}` : 'テーブル';
      return {
        explanation: {
          en: `Created by Amazon DynamoDB for ${what} encrypted with this customer managed key (encryption context aws:dynamodb:tableName / aws:dynamodb:subscriberId).`,
          ja: `このカスタマーマネージドキーで暗号化された${whatJa}のために Amazon DynamoDB が作成したグラントです (暗号化コンテキスト aws:dynamodb:tableName / aws:dynamodb:subscriberId)。`,
        },
        retireImpact: {
          en: 'Retiring it makes the table inaccessible within minutes (INACCESSIBLE_ENCRYPTION_CREDENTIALS); if access is not restored within seven days DynamoDB archives the table.',
          ja: 'リタイアすると数分でテーブルにアクセスできなくなり (INACCESSIBLE_ENCRYPTION_CREDENTIALS)、7 日以内にアクセスが戻らなければ DynamoDB はテーブルをアーカイブします。',
        },
      };
    },
  },
  {
    service: 'redshift',
    principal: 'redshift.amazonaws.com',
    matches: (f) => Object.keys(f.context).some((k) => k.toLowerCase().startsWith('aws:redshift')) || hasService(f, 'redshift', 'redshift-serverless', 'redshift-data'),
    describe: () => ({
      explanation: {
        en: 'Created by Amazon Redshift so the cluster or serverless workgroup (and the Data API) can use this key for its encryption keys.',
        ja: 'クラスターまたはサーバーレスワークグループ (および Data API) がこのキーを暗号化キーに使えるよう、Amazon Redshift が作成したグラントです。',
      },
      retireImpact: {
        en: 'Retiring it can stop the cluster from decrypting its database encryption key: restarts, resizes, snapshot restores and Data API queries can fail.',
        ja: 'リタイアするとクラスターがデータベース暗号化キーを復号できなくなり、再起動・リサイズ・スナップショットからの復元・Data API のクエリが失敗することがあります。',
      },
    }),
  },
  {
    service: 'efs',
    principal: 'elasticfilesystem.amazonaws.com',
    matches: (f) => contextValue(f, 'aws:elasticfilesystem:filesystem:id') !== undefined || hasService(f, 'elasticfilesystem'),
    describe(f) {
      const fs = contextValue(f, 'aws:elasticfilesystem:filesystem:id');
      return {
        explanation: {
          en: `Created by Amazon EFS${fs ? ` for file system ${fs}` : ''} to encrypt the file system's data at rest with this key.`,
          ja: `Amazon EFS が${fs ? `ファイルシステム ${fs} の` : ''}保存データをこのキーで暗号化するために作成したグラントです。`,
        },
        retireImpact: {
          en: 'Retiring it makes the file system inaccessible until access to the key is restored.',
          ja: 'リタイアすると、キーへのアクセスが戻るまでファイルシステムにアクセスできなくなります。',
        },
      };
    },
  },
];

function factsOf(grant: KmsGrant): GrantFacts {
  const context = { ...(grant.Constraints?.EncryptionContextSubset ?? {}), ...(grant.Constraints?.EncryptionContextEquals ?? {}) };
  const services = [serviceOfPrincipal(grant.RetiringPrincipal), serviceOfPrincipal(grant.GranteePrincipal)].filter((s): s is string => !!s);
  return { grant, context, services };
}

/** Recognizes grants AWS services create, from constraints, retiring principal and grantee. */
export function recognizeGrant(grant: KmsGrant): GrantOrigin | undefined {
  const facts = factsOf(grant);
  for (const recognizer of recognizers) {
    if (!recognizer.matches(facts)) continue;
    return { service: recognizer.service, createdBy: `service:${recognizer.principal}`, ...recognizer.describe(facts) };
  }
  const service = facts.services[0];
  if (service) {
    const principal = grant.RetiringPrincipal && serviceOfPrincipal(grant.RetiringPrincipal) ? grant.RetiringPrincipal : grant.GranteePrincipal!;
    return {
      service: 'service',
      createdBy: `service:${service}.amazonaws.com`,
      explanation: {
        en: `Most likely created by the AWS service ${service} (${principal} is a principal of that service) to use this key for a resource it manages.`,
        ja: `AWS のサービス ${service} が管理するリソースにこのキーを使うために作成したグラントと思われます (${principal} はそのサービスのプリンシパルです)。`,
      },
      retireImpact: {
        en: `Retiring it may stop ${service} from using this key for that resource; check the service's "encryption at rest" documentation first.`,
        ja: `リタイアすると ${service} がそのリソースでこのキーを使えなくなる可能性があります。先にそのサービスの「保管時の暗号化」のドキュメントを確認してください。`,
      },
    };
  }
  return undefined;
}
