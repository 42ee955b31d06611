import {
    type Activity,
    ActivityTypes,
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConversationState,
    type ConfigurationBotFrameworkAuthenticationOptions,
    type Middleware,
    type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { BotAuthConfig } from '../config';
import { dedupeMiddleware } from '../guards/dedupeGuard';
import { tenantGuardMiddleware } from '../guards/tenantGuard';
import { checkAtDoor, type ServiceUrlCheck } from '../guards/teamsDoor';
import { cleanInputMiddleware } from '../guards/cleanInput';
import { loggedCode, loggedType, type Logger } from '../logger';
import type { ActivityDeduplicator } from '../storage/activityDedupe';
import { storedReportOf } from '../teams/turnNotes';
import { classifyTurnError, clearsConversationState, turnErrorReply } from './turnErrors';

/** jsonwebtoken's own errors: a bad signature, algorithm or not-before time. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botframework-connector 4.23.3 passes jsonwebtoken's errors on unwrapped, and CloudAdapter answers
 * 401 only for AuthenticationError: a forged signature or an HS256 token would get a 500 that echoes the
 * library's message (and Teams retries 5xx). Every token failure is a 401 here.
 */
class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
    override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
        try {
            return await super.authenticateRequest(activity, authHeader);
        } catch (err) {
            if (!(err instanceof AuthenticationError) && err instanceof Error && TOKEN_ERRORS.has(err.name)) {
                throw new AuthenticationError('Unauthorized. The token could not be validated.', 401);
            }
            throw err;
        }
    }
}

/** Bot Framework authentication from our typed config. `none` disables JWT checks: local mode only. */
export function createAuthentication(auth: BotAuthConfig): ConfigurationBotFrameworkAuthentication {
    if (auth.kind === 'none') return new ConfigurationBotFrameworkAuthentication({});
    const options: ConfigurationBotFrameworkAuthenticationOptions = {
        MicrosoftAppId: auth.appId,
        MicrosoftAppType: auth.kind,
        MicrosoftAppTenantId: auth.tenantId,
        ...(auth.kind === 'SingleTenant' ? { MicrosoftAppPassword: auth.password } : {}),
        ...(auth.openIdMetadataUrl ? { ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl } : {}),
        ...(auth.issuer ? { ToBotFromChannelTokenIssuer: auth.issuer } : {}),
    };
    return new StrictBotFrameworkAuthentication(options);
}

export interface AdapterDeps {
    auth: BotAuthConfig;
    allowedTenantIds: readonly string[];
    /** Exact Connector hosts (loopback too in local mode): the same check the proactive sends use. */
    isTrustedServiceUrl: ServiceUrlCheck;
    dedupe: ActivityDeduplicator;
    conversationState: ConversationState;
    logger: Logger;
    /** Telemetry's exception channel (type and frames only); without it nothing is recorded. */
    recordException?: (error: unknown) => void;
}

/** What the HTTP layer answers for one POST /api/messages. */
export interface HttpOutcome {
    status: number;
    body?: unknown;
}

function isActivityShape(body: unknown): body is Activity {
    return typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { type?: unknown }).type === 'string';
}

/** Timestamps arrive as strings; the SDK's own HTTP entry turns them into Dates the same way. */
function withDates(activity: Activity): Activity {
    const raw = activity as Activity & Record<string, unknown>;
    for (const [field, rawField] of [
        ['timestamp', 'rawTimestamp'],
        ['localTimestamp', 'rawLocalTimestamp'],
        ['expiration', 'rawExpiration'],
    ] as const) {
        const value = raw[field];
        if (typeof value === 'string') {
            raw[rawField] = value;
            raw[field] = new Date(value);
        }
    }
    return activity;
}

/**
 * CloudAdapter with our own HTTP entry. The SDK's process() writes failures to the console with
 * console.error and answers a 500 with the internal error message; here a refused token is a logged
 * 401 and anything else a logged 500 with a body that says nothing about the inside.
 *
 * Order: the token first (an anonymous caller learns nothing, not even what the door wants), then the
 * door (teamsDoor.ts: Teams only, exact Connector host, the fields Teams always sends) with a 400 and no
 * reply, and only then the turn with its storage and dialogs.
 */
export class SignaalAdapter extends CloudAdapter {
    constructor(
        auth: ConfigurationBotFrameworkAuthentication,
        private readonly logger: Logger,
        private readonly isTrustedServiceUrl: ServiceUrlCheck,
    ) {
        super(auth);
    }

    async processHttp(body: unknown, authHeader: string, logic: (context: TurnContext) => Promise<void>): Promise<HttpOutcome> {
        if (!isActivityShape(body)) return { status: 400, body: { error: 'no activity' } };
        const activity = withDates(body);
        const type = loggedType(activity.type);
        try {
            const authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
            const refusal = checkAtDoor(activity, this.isTrustedServiceUrl);
            if (refusal !== undefined) {
                this.logger.warn({ activityId: activity.id, type, reason: refusal, outcome: 'refused' }, 'request refused: not a Teams activity');
                return { status: 400, body: { error: 'not a Teams activity' } };
            }
            const invokeResponse = await this.processActivity(authenticated, activity, logic);
            return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
        } catch (err) {
            if (err instanceof AuthenticationError) {
                this.logger.warn({ activityId: activity.id, type, outcome: 'unauthorized' }, 'request refused: no valid token');
                return { status: 401, body: { error: 'unauthorized' } };
            }
            this.logger.error({ activityId: activity.id, type, err: { type: (err as Error).name }, outcome: 'error' }, 'activity could not be processed');
            return { status: 500, body: { error: 'internal error' } };
        }
    }
}

export function createAdapter(deps: AdapterDeps): SignaalAdapter {
    const adapter = new SignaalAdapter(createAuthentication(deps.auth), deps.logger, deps.isTrustedServiceUrl);
    adapter.use(tenantGuardMiddleware(deps.allowedTenantIds, deps.logger));
    // After the tenant guard (a refused activity is not worth the work), before anything reads the input.
    adapter.use(cleanInputMiddleware());
    adapter.use(dedupeMiddleware(deps.dedupe, deps.logger, (context) => deps.conversationState.load(context)));
    adapter.onTurnError = async (context, error) => {
        const failure = classifyTurnError(error);
        const stored = storedReportOf(context);
        const code = (error as { code?: unknown } | undefined)?.code;
        deps.logger.error(
            {
                activityId: context.activity.id,
                type: loggedType(context.activity.type),
                err: { type: (error as Error | undefined)?.name, code: loggedCode(code) },
                outcome: failure,
                ...(stored && { reportId: stored.reportId, reportStored: true }),
            },
            'turn failed',
        );
        deps.recordException?.(error);
        if (clearsConversationState(failure)) {
            // A dialog that threw would throw again on the next message: start clean. After a storage or
            // network failure the state is kept, so the colleague's input is still there once it is back.
            await deps.conversationState.delete(context).catch(() => undefined);
        }
        if (context.activity.type === ActivityTypes.Message) {
            await context.sendActivity(turnErrorReply(failure, stored)).catch(() => undefined);
        }
    };
    return adapter;
}
