// The /api/ui routes are anonymous at the Functions layer (a browser holds no
// function key), so on Azure they rely on App Service authentication
// (Microsoft Entra ID sign-in, configured in infra/) standing in front. This
// gate makes that reliance explicit: on App Service, without authentication
// enabled the page and its data are refused (403), and without a signed-in
// principal (the header App Service sets, and strips from client requests
// when authentication is on) they are refused with 401. Off App Service
// (func start, tests) there is nothing in front, and nothing is refused.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { json } from "../responses.js";

export type Gate = (request: Pick<HttpRequest, "headers">) => HttpResponseInit | null;

/** From the platform's settings (functions/settings.ts): WEBSITE_INSTANCE_ID and WEBSITE_AUTH_ENABLED. */
export interface SignInContext {
  onAppService: boolean;
  signInEnabled: boolean;
}

export function signInGate({ onAppService, signInEnabled: authEnabled }: SignInContext): Gate {
  return (request) => {
    if (!onAppService) return null;
    if (!authEnabled) {
      return json(403, { error: { code: "SignInNotConfigured", message: "the operations page is served only behind App Service authentication (Microsoft Entra ID sign-in); enable it on the Function App (infra/)" } });
    }
    if (!request.headers.get("x-ms-client-principal-id")) return json(401, { error: { code: "SignInRequired", message: "sign in with Microsoft Entra ID to see the operations page" } });
    return null;
  };
}
