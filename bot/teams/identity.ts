/**
 * A Teams channel thread has the id `<channel id>;messageid=<root activity id>`. Bindings, references
 * and permission checks are about the channel, so they compare the part before ';messageid='.
 */
export function channelOf(conversationId: string | undefined): string {
    return (conversationId ?? '').split(';messageid=')[0];
}
