/**
 * The HTML of the sandbox's imitation of the portal's CRM authorization page: a plain form (no
 * script at all) and a page that explains why a request was refused. Each comes with the
 * Content-Security-Policy it is served with: styles only by hash, forms only to this page and to
 * the validated redirect URI's origin (a form's redirect is checked against form-action).
 */
import { createHash } from 'node:crypto';

export interface RenderedPage {
  html: string;
  csp: string;
}

export interface AuthorizationForm {
  locale: string;
  clientId: string;
  state: string;
  redirectUri: string;
  /** PKCE: carried through the form to the decision, which issues the code bound to it. */
  codeChallenge?: string;
  user: string;
  /** Shown above the form when an earlier submission was refused. */
  problem?: string;
}

export const DEFAULT_CRM_USER = 'Demo agent';

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1c2430; }
main { max-width: 28rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgb(0 0 0 / 15%); }
h1 { font-size: 1.35rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
p, li { overflow-wrap: anywhere; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text] { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #8a94a3; border-radius: 4px; }
.buttons { display: flex; gap: .75rem; margin-top: 1.5rem; }
button { font: inherit; padding: .5rem 1.25rem; border-radius: 4px; border: 1px solid #1c2430; background: #fff; cursor: pointer; }
button[value=allow] { background: #0b5cad; border-color: #0b5cad; color: #fff; }
.problem { color: #a1151b; font-weight: 600; }
.muted { color: #5b6573; font-size: .875rem; }
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function policy(formAction: string): string {
  return `default-src 'none'; style-src ${STYLE_HASH}; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`;
}

export function renderAuthorizationForm(form: AuthorizationForm): RenderedPage {
  const title = `Authorize ${form.clientId}`;
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const body = `<h1>${escapeHtml(title)}</h1>
<p>The application <strong>${escapeHtml(form.clientId)}</strong> asks to act for a CRM user: to publish, update and delete adverts in that user's name.</p>
${form.problem ? `<p class="problem" role="alert">${escapeHtml(form.problem)}</p>` : ''}
<form method="post" action="/${escapeHtml(form.locale)}/crm/authorization/decision">
${hidden('client_id', form.clientId)}
${hidden('state', form.state)}
${hidden('redirect_uri', form.redirectUri)}
${form.codeChallenge ? `${hidden('code_challenge', form.codeChallenge)}\n${hidden('code_challenge_method', 'S256')}\n` : ''}<label for="user">CRM user</label>
<input type="text" id="user" name="user" value="${escapeHtml(form.user)}" required autocomplete="username">
<div class="buttons">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>
<p class="muted">Local sandbox: no password is asked, any CRM user name is accepted. After your choice you go back to ${escapeHtml(form.redirectUri)}.</p>`;
  const redirectOrigin = new URL(form.redirectUri).origin;
  return { html: document(title, body), csp: policy(`'self' ${redirectOrigin}`) };
}

export function renderProblemPage(title: string, problems: string[]): RenderedPage {
  const body = `<h1>${escapeHtml(title)}</h1>
<p>The sandbox cannot show the authorization page, and does not send you back to the application, because:</p>
<ul>
${problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('\n')}
</ul>
<p class="muted">A valid request looks like /en/crm/authorization/?response_type=code&amp;client_id=&lt;client id&gt;&amp;state=&lt;random text&gt;&amp;redirect_uri=http://127.0.0.1:&lt;port&gt;/callback</p>`;
  return { html: document(title, body), csp: policy("'none'") };
}
