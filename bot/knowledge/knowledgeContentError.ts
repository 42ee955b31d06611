/** Raised when the editable content files are invalid; the message names every file and entry at fault. */
export class KnowledgeContentError extends Error {
    readonly code = 'KNOWLEDGE_CONTENT_INVALID';

    constructor(readonly problems: string[]) {
        super(`De kennisbank kan niet worden geladen (${problems.length} probleem/problemen):\n- ${problems.join('\n- ')}`);
        this.name = 'KnowledgeContentError';
    }
}
