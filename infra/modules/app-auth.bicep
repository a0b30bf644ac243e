// Sign-in for the operations page: App Service authentication ("Easy Auth")
// with Microsoft Entra ID, in front of the Function App.
//
// How it meets the function keys. Easy Auth is a module of the platform that
// sees every request before the Functions host does; the host checks function
// keys afterwards, and only keys (an Entra identity never satisfies
// authLevel 'function'). So, with sign-in required everywhere, a script that
// holds a key but no Entra token would be turned away before its key was
// ever read: 'RedirectToLoginPage' answers it with a 302, 'Return401' with a
// 401. 'AllowAnonymous' would keep keys working but leave the page to check
// sign-in in code. The choice here:
//   - sign-in is required for the whole site (the page, its assets and the
//     data routes it reads, which are anonymous at the host because a browser
//     holds no key): unsigned browsers are sent to Entra;
//   - the automation API (authLevel 'function', see functions/index.ts) is
//     excluded from Easy Auth, so a key alone reaches the host, which still
//     demands the key: the API stays behind its keys, as before;
//   - the Event Grid webhook (the host's system key) and the OpenAPI document
//     (public: it holds no secret, and clients read it before they have a key)
//     are excluded likewise.
// test/infra/app-auth.test.ts holds this list to functions/index.ts: every
// key route excluded, no anonymous route excluded but the OpenAPI document.
//
// No client secret: the sign-in uses the OpenID Connect implicit flow for an
// ID token (the app registration must allow ID tokens), so no secret lives in
// app settings, and the token store is off since nothing calls on behalf of
// the user. Without a client id the provider is off and everything behind
// sign-in answers 401: the page is closed until an app registration is given,
// never open.
@description('Name of the Function App')
param appName string

@description('Application (client) id of the Entra app registration people sign in to the page with; empty: the page answers 401 to everyone')
param clientId string

@description('Directory (tenant) id of that app registration')
param tenantId string

// Exact paths, or a prefix ending in /* (Easy Auth's excludedPaths syntax).
var keyRoutes = [
  '/api/deployments'
  '/api/deployments/*'
  '/api/plan'
  // Azure Monitor's action group posts alerts here with the function's key, and no sign-in.
  '/api/alerts'
  '/api/openapi.json'
  '/runtime/webhooks/eventgrid'
]

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: empty(clientId) ? 'Return401' : 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: keyRoutes
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: !empty(clientId)
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
        }
        validation: {
          // The client id for the page's own sign-in; the Application ID URI for a token a script asks for.
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
