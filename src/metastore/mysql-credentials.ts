import { MIN_PASSWORD_LENGTH, PASSWORD_CHARACTERS } from './_mysql-checks';
import { ProblemCollector } from '../common/_config-paths';
import * as check from '../common/_validators';
import { propRef, ValidationError } from '../common/validation-error';

/** The Secret keys the construct reads when the user names an existing Secret. */
export interface MySqlExistingSecretOptions {
  /**
   * Key of the MySQL root password inside the Secret.
   * @default 'mysql-root-password'
   */
  readonly rootPasswordKey?: string;
  /**
   * Key of the password of the user Milvus and Mishards connect as.
   * @default 'mysql-password'
   */
  readonly passwordKey?: string;
}

/** Passwords handed to the construct, which then renders them into a Secret. */
export interface MySqlPasswords {
  /** The MySQL root password: at least 12 characters of `A-Z a-z 0-9 . _ ~ ! * + = , ^ -`. */
  readonly rootPassword: string;
  /** The password of the user Milvus and Mishards connect as: same charset, and different from the root password. */
  readonly password: string;
}

/** Default Secret keys, as in the seed's MySQL subchart (`stable/mysql` 1.6.4). */
const DEFAULT_ROOT_PASSWORD_KEY = 'mysql-root-password';
const DEFAULT_PASSWORD_KEY = 'mysql-password';

/**
 * Where the MySQL root password and the Milvus user's password come from.
 *
 * There is no default password and nothing is generated at synth time (synth must be
 * deterministic): either name an existing Secret, or pass the passwords and the
 * construct renders the Secret `<release>-mysql`.
 */
export class MySqlCredentials {
  /**
   * Read both passwords from a Secret that already exists in the chart's namespace
   * (recommended: the passwords never pass through your code or the YAML).
   * @param secretName the Secret's `metadata.name`
   */
  public static fromExistingSecret(secretName: string, options: MySqlExistingSecretOptions = {}): MySqlCredentials {
    const problems = new ProblemCollector();
    problems.check(() => check.dnsSubdomain('secretName', secretName));
    const rootPasswordKey = problems.check(() => check.orDefault('rootPasswordKey', options.rootPasswordKey, DEFAULT_ROOT_PASSWORD_KEY, check.secretKey));
    const passwordKey = problems.check(() => check.orDefault('passwordKey', options.passwordKey, DEFAULT_PASSWORD_KEY, check.secretKey));
    if (rootPasswordKey !== undefined && rootPasswordKey === passwordKey) {
      problems.add(new ValidationError('passwordKey', passwordKey, `must differ from ${propRef('rootPasswordKey')}: Milvus must not connect with the root password`,
        { defaultSetBy: options.passwordKey === undefined ? 'passwordKey' : undefined }));
    }
    problems.throwIfAny();
    return new MySqlCredentials(secretName, rootPasswordKey, passwordKey, undefined);
  }

  /**
   * Render a Secret `<release>-mysql` holding these passwords. They end up in the
   * synthesized YAML (as Secret `stringData`), so keep that file out of version control
   * or prefer `fromExistingSecret`.
   */
  public static fromPasswords(passwords: MySqlPasswords): MySqlCredentials {
    const problems = new ProblemCollector();
    const rootPassword = problems.check(() => password('rootPassword', passwords?.rootPassword));
    const userPassword = problems.check(() => password('password', passwords?.password));
    if (rootPassword !== undefined && rootPassword === userPassword) {
      problems.add(new ValidationError('password', redacted(userPassword), `must differ from ${propRef('rootPassword')}: the Milvus user gets its own password so the root password never leaves MySQL`));
    }
    problems.throwIfAny();
    return new MySqlCredentials(undefined, DEFAULT_ROOT_PASSWORD_KEY, DEFAULT_PASSWORD_KEY, { rootPassword, password: userPassword });
  }

  /** The existing Secret's name; `undefined` when the construct renders the Secret. */
  public readonly existingSecretName?: string;
  /** Key of the root password inside the Secret. */
  public readonly rootPasswordKey: string;
  /** Key of the Milvus user's password inside the Secret. */
  public readonly passwordKey: string;

  /** @internal the passwords to render, only for `fromPasswords` */
  public readonly _passwords?: MySqlPasswords;

  private constructor(existingSecretName: string | undefined, rootPasswordKey: string, passwordKey: string, passwords: MySqlPasswords | undefined) {
    this.existingSecretName = existingSecretName;
    this.rootPasswordKey = rootPasswordKey;
    this.passwordKey = passwordKey;
    this._passwords = passwords;
  }
}

/** Validates a password without ever echoing it in the error message. */
function password(prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValidationError(prop, value === undefined ? undefined : redacted(String(value)), 'a password is required (there is no default password)');
  }
  if (!PASSWORD_CHARACTERS.test(value)) {
    throw new ValidationError(prop, redacted(value), `a password may only contain ${PASSWORD_CHARACTERS.words}, so that it survives Milvus's meta_uri, the config file and MySQL's initialisation unchanged`);
  }
  if (value.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(prop, redacted(value), `a password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  return value;
}

function redacted(value: string): string {
  return `<redacted password of ${value.length} characters>`;
}
