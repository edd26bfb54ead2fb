// Which requests the sign-in routes answer: {basePath}/:provider/login (GET) and
// {basePath}/:provider/callback (GET, or POST for the form_post response mode).

export interface AuthRoute {
  provider: string;
  action: 'login' | 'callback';
}

/** The route `method pathname` names, or undefined when it is not one of ours (the app's own routes). */
export function matchAuthRoute(method: string, pathname: string, basePath: string, providers: { has(provider: string): boolean }): AuthRoute | undefined {
  if (!pathname.startsWith(`${basePath}/`)) return undefined;
  const [encodedProvider, action, ...rest] = pathname.slice(basePath.length + 1).split('/');
  if (rest.length || !encodedProvider) return undefined;
  let provider: string;
  try {
    provider = decodeURIComponent(encodedProvider);
  } catch {
    return undefined;
  }
  if (!providers.has(provider)) return undefined;
  if (action === 'login' && method === 'GET') return { provider, action };
  if (action === 'callback' && (method === 'GET' || method === 'POST')) return { provider, action };
  return undefined;
}
