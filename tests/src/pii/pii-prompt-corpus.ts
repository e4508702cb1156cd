import { PiiValues, secretsOf } from './pii-values.ts';

/**
 * Prompts dense with PII of every kind, as users really paste it: support tickets, CRM
 * exports, HR forms, payment disputes, leaked config files. `values` lists every PII value
 * a prompt holds, exactly as written, so a test can search logs for each of them.
 */
export interface PiiPrompt {
  system?: string;
  content: string;
  values: string[];
}

const people = [
  ['jane', 'doe'], ['oliver', 'smith'], ['amelie', 'durand'], ['lukas', 'schmidt'],
  ['sofia', 'garcia'], ['noah', 'johnson'], ['emma', 'martin'], ['leon', 'weber'],
  ['lucia', 'fernandez'], ['liam', 'brown'], ['chloe', 'bernard'], ['mia', 'mueller'],
] as const; // prettier-ignore

const values = new PiiValues(20251126);
const secrets = secretsOf(values);

type Template = (first: string, last: string) => PiiPrompt;

const name = (first: string, last: string) =>
  `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;

const templates: Template[] = [
  (first, last) => {
    const [email, phone, card] = [values.email(first, last), values.phone(), values.card()];
    return {
      content: `Customer ${name(first, last)} (${email}, tel ${phone}) disputes a charge on card ${card}. Draft a polite reply.`,
      values: [email, phone, card],
    };
  },
  (first, last) => {
    const [iban, email, ssn] = [values.iban(), values.email(first, last), values.ssn()];
    return {
      content: `Payroll update: employee ${name(first, last)}, SSN ${ssn}, new salary account ${iban}. Confirm to ${email}.`,
      values: [iban, email, ssn],
    };
  },
  (first, last) => {
    const [key, aws, password] = [secrets.openai(), secrets.aws(), secrets.password()];
    return {
      content: `Why does this config fail?\nOPENAI_API_KEY=${key}\nAWS_ACCESS_KEY_ID=${aws}\nDB_PASSWORD=${password}\nowner: ${first}.${last}`,
      values: [key, aws, password],
    };
  },
  (first, last) => {
    const [nino, phone, email] = [values.nino(), values.phone(), values.email(first, last)];
    return {
      system: `You help the HR team. Escalations go to ${email}.`,
      content: `New starter ${name(first, last)}, National Insurance number ${nino}, mobile ${phone}. Create the onboarding checklist.`,
      values: [nino, phone, email],
    };
  },
  (first, last) => {
    const [insee, iban, phone] = [values.insee(), values.iban(), values.phone()];
    return {
      content: `Dossier de ${name(first, last)}: numéro de sécurité sociale ${insee}, RIB ${iban}, téléphone ${phone}. Résume le dossier.`,
      values: [insee, iban, phone],
    };
  },
  (first, last) => {
    const [dni, card, email] = [values.dni(), values.card(), values.email(first, last)];
    return {
      content: `Cliente ${name(first, last)}, DNI ${dni}, tarjeta ${card}, correo ${email}. ¿Puedes verificar el pago?`,
      values: [dni, card, email],
    };
  },
  (first, last) => {
    const [taxId, iban, email] = [values.germanTaxId(), values.iban(), values.email(first, last)];
    return {
      content: `Steuererklärung für ${name(first, last)}: Steuer-ID ${taxId}, Konto ${iban}, E-Mail ${email}. Bitte prüfen.`,
      values: [taxId, iban, email],
    };
  },
  (first, last) => {
    const [github, slack, google, jwt] = [
      secrets.github(),
      secrets.slack(),
      secrets.google(),
      secrets.jwt(),
    ];
    return {
      content: `${name(first, last)} pasted these by mistake, which must be rotated? ${github} ${slack} ${google} and the session token Bearer ${jwt}`,
      values: [github, slack, google, jwt],
    };
  },
  (first) => {
    const [anthropic, alfred, fineGrained] = [
      secrets.anthropic(),
      secrets.alfred(),
      secrets.githubFineGrained(),
    ];
    return {
      content: `Migrate ${first}'s scripts: {"anthropic_key": "${anthropic}", "gateway_key": "${alfred}", "token": "${fineGrained}"}`,
      values: [anthropic, alfred, fineGrained],
    };
  },
  (first, last) => {
    const body = secrets.pemBody();
    const password = secrets.password();
    return {
      content: `Deploy key of ${name(first, last)}, my password is ${password}:\n-----BEGIN RSA PRIVATE KEY-----\n${body.join('\n')}\n-----END RSA PRIVATE KEY-----\nWhy is it rejected?`,
      values: [...body, password],
    };
  },
  (first, last) => {
    const [email, phone, card, ssn, iban] = [
      values.email(first, last),
      values.phone(),
      values.card(),
      values.ssn(),
      values.iban(),
    ];
    return {
      content: `CSV row to clean up:\n"${name(first, last)}","${email}","${phone}","${card}","${ssn}","${iban}"`,
      values: [email, phone, card, ssn, iban],
    };
  },
];

export const piiPrompts: PiiPrompt[] = people.flatMap(([first, last]) =>
  templates.map((template) => template(first, last)),
);

/** A few values reused for the requests that fail on purpose. */
export const failingRequestValues = {
  email: values.email('error', 'path'),
  card: values.card(),
  iban: values.iban(),
  ssn: values.ssn(),
  phone: values.phone(),
  alfredKey: secrets.alfred(),
};
