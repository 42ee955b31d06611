import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './stack';

/**
 * Drives the Playground's chat UI the way a person does: read the cards, press their buttons, fill their
 * inputs, type in the message box. Adaptive cards render as `.ac-adaptiveCard`; card buttons are real
 * buttons named by their title; the message box is a Lexical editor (contenteditable textbox).
 */
export class PlaygroundChat {
    private shot = 0;

    constructor(readonly page: Page) {}

    cards(): Locator {
        return this.page.locator('.ac-adaptiveCard');
    }

    async cardCount(): Promise<number> {
        return this.cards().count();
    }

    /**
     * Waits for a card after the first `before` cards that contains `text`, and returns it. Cards are
     * counted per view, so take `before` in the same view right before the action that causes the card.
     */
    async waitForCard(before: number, text: string | RegExp, timeoutMs = 15000): Promise<Locator> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const count = await this.cardCount();
            for (let i = count - 1; i >= before; i--) {
                const card = this.cards().nth(i);
                const inner = await card.innerText().catch(() => '');
                if (typeof text === 'string' ? inner.includes(text) : text.test(inner)) {
                    await this.showTop(card);
                    return card;
                }
            }
            if (Date.now() > deadline) {
                const last = count > 0 ? await this.cards().nth(count - 1).innerText().catch(() => '') : '(geen kaarten)';
                throw new Error(`no new card with ${String(text)} within ${timeoutMs} ms (cards: ${before} -> ${count}); last card:\n${last.slice(0, 600)}`);
            }
            await this.page.waitForTimeout(150);
        }
    }

    /** Waits for a plain text message from the bot (not a card) that contains `text`. */
    async waitForText(text: string, timeoutMs = 15000): Promise<void> {
        await this.page.getByText(text, { exact: false }).last().waitFor({ state: 'visible', timeout: timeoutMs });
    }

    /** Presses a button of a card and waits for the next card that contains `expect`. */
    async press(card: Locator, button: string, expect: string | RegExp, timeoutMs?: number): Promise<Locator> {
        const before = await this.cardCount();
        await card.getByRole('button', { name: button, exact: true }).click();
        return this.waitForCard(before, expect, timeoutMs);
    }

    /** Types a message in the compose box and sends it with Enter. */
    async say(text: string, expect: string | RegExp, timeoutMs?: number): Promise<Locator> {
        const before = await this.cardCount();
        const box = this.page.locator('[contenteditable="true"][role="textbox"]').last();
        await box.click();
        await this.page.keyboard.type(text);
        await this.page.keyboard.press('Enter');
        return this.waitForCard(before, expect, timeoutMs);
    }

    async openPersonalChat(): Promise<void> {
        await this.page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    }

    async openChannel(name: string): Promise<void> {
        await this.page.getByRole('treeitem', { name: new RegExp(name) }).click();
    }

    /** Scrolls so that the card's heading is in view, as a person would to read it. */
    async showTop(card: Locator): Promise<void> {
        await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    }

    /**
     * A screenshot of what a person sees now, numbered in order: test-artifacts/e2e/NN-<name>.png.
     * With `card`, the view is first scrolled to that card's heading.
     */
    async screenshot(name: string, card?: Locator): Promise<string> {
        if (card) await this.showTop(card);
        const file = path.join(ARTIFACTS_DIR, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
        await this.page.screenshot({ path: file });
        return file;
    }
}

/** The visible text of a card's buttons, in order. */
export async function buttonTitles(card: Locator): Promise<string[]> {
    return (await card.getByRole('button').allInnerTexts()).map((t) => t.trim()).filter((t) => t.length > 0);
}
