import assert from 'node:assert/strict';
import { ANNE, cardSubmit, personalMessage } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';
import { WIZARD_INVALID_ANSWER_MESSAGE } from '../../../dialogs/routeWizardDialog';

describe('Questions and the route wizard over HTTP', () => {
    let bot: TestBot;
    before(async () => {
        bot = await startTestBot();
    });
    after(async () => bot.close());
    beforeEach(() => bot.connector.reset());

    const chat = `a:personal-${ANNE.aadObjectId}`;
    const lastCard = () => cardsIn(bot.connector.sentTo(chat)).at(-1);
    const say = (text: string) => bot.post(personalMessage(text, { serviceUrl: bot.connector.url }));
    const submit = (value: Record<string, unknown>) => bot.post(cardSubmit(value, { serviceUrl: bot.connector.url }));

    it('answers a question about indicators with an answer card that names its source', async () => {
        await say('wat zijn signalen van arbeidsuitbuiting?');
        const text = cardText(lastCard());
        assert.match(text, /arbeid/i);
        assert.match(text, /Bron|bron/);
    });

    it('puts the 112 advice on top when the question signals acute danger', async () => {
        await say('een meisje wordt opgesloten en bedreigd, wat moet ik doen');
        const card = lastCard() as { body: { text?: string }[] };
        assert.match(JSON.stringify(card.body.slice(0, 3)), /112/);
    });

    it('declines an off-topic question and offers the ways forward', async () => {
        await say('hoe laat gaat de bibliotheek open op zaterdag');
        const text = cardText(lastCard());
        assert.doesNotMatch(text, /Bron:/);
        assert.match(text, /melden|onderwerp/i);
    });

    it('walks the route wizard to advice and hands over to a prefilled report', async () => {
        await say('waar meld ik dit?');
        for (let step = 0; step < 10; step++) {
            const card = JSON.stringify(lastCard());
            if (!card.includes('routeWizard.answer')) break;
            const answer = /"data":\{"action":"routeWizard\.answer","questionId":"([^"]+)","value":"([^"]+)"\}/.exec(card);
            assert.ok(answer, 'a question card has answer buttons');
            await submit({ action: 'routeWizard.answer', questionId: answer[1], value: answer[2] });
        }
        const advice = lastCard();
        assert.match(cardText(advice), /Ook melden bij de aandachtfunctionaris/);
        const reportButton = /"data":(\{"action":"menu\.melden"[^}]*\}[^}]*\})/.exec(JSON.stringify(advice));
        assert.ok(reportButton);
        await submit(JSON.parse(reportButton[1]) as Record<string, unknown>);
        // The first answer of each question was taken, so "acute danger: yes": the report flow opens with
        // the 112 advice and goes straight on to the form, prefilled from the wizard's answers.
        const opened = bot.connector.sentTo(chat).slice(-2).map((a) => cardText(cardsIn([a])[0]));
        assert.match(opened[0], /Bel nu 112/);
        assert.match(JSON.stringify(cardsIn(bot.connector.sentTo(chat)).at(-1)), /report\.details/);
        await submit({ action: 'report.cancel' });
    });

    it('refuses a forged knowledge entry id with a Dutch message', async () => {
        await submit({ action: 'knowledge.entry', entryId: '../../etc/passwd' });
        assert.match(String(bot.connector.sentTo(chat).at(-1)?.text), /kan ik niet vinden/);
    });

    it('shows the topics when asked to browse', async () => {
        await submit({ action: 'menu.onderwerpen' });
        assert.match(cardText(lastCard()), /Signalen|signalen/);
    });

    const isDangerCard = (card: unknown) => (card as { body?: { style?: string }[] } | undefined)?.body?.[0]?.style === 'attention';

    it('puts danger first when a message starts with "help," or a greeting', async () => {
        for (const text of ['help, er wordt iemand opgesloten in de kelder', 'hallo, hij slaat haar nu in de gang']) {
            bot.connector.reset();
            await say(text);
            const cards = cardsIn(bot.connector.sentTo(chat));
            assert.ok(isDangerCard(cards[0]), `${text}: the first card is the 112 banner`);
            assert.match(JSON.stringify(cards[0]), /"url":"tel:112"/);
        }
    });

    it('shows 112 first for danger typed into a card: a question for the aandachtfunctionaris, an addition, an answer', async () => {
        for (const value of [
            { action: 'vraag.versturen', municipality: 'Brummen', question: 'hallo, de vrouw aan de balie mag van haar baas het pand niet uit en hij staat nu buiten' },
            { action: 'aanvulling.opslaan', reportId: 'MH-2026-9999', additionId: 'x', aanvulling: 'ze zit sinds vanochtend opgesloten in de schuur' },
            { action: 'vraag.vervolg', followUp: 'he is beating her right now' },
        ]) {
            bot.connector.reset();
            await submit(value);
            const cards = cardsIn(bot.connector.sentTo(chat));
            assert.ok(isDangerCard(cards[0]), `${value.action}: the first card is the 112 banner`);
        }
        bot.connector.reset();
        await submit({ action: 'vraag.vervolg', followUp: 'wanneer hoor ik iets terug?' });
        assert.ok(!isDangerCard(cardsIn(bot.connector.sentTo(chat))[0]), 'a calm follow-up gets no 112 banner');
    });

    it('shows 112 first for danger typed in the middle of the wizard, and the wizard stays open', async () => {
        await say('waar meld ik dit?');
        bot.connector.reset();
        await say('ze wordt nu met een mes bedreigd');
        const sent = bot.connector.sentTo(chat);
        assert.ok(isDangerCard(cardsIn(sent)[0]), 'the 112 card comes first');
        assert.equal(sent.find((a) => typeof a.text === 'string')?.text, WIZARD_INVALID_ANSWER_MESSAGE, 'the wizard stays open and asks again');
        await submit({ action: 'routeWizard.stop' });
    });

    it('answers a "Lees ook" button on the wizard\'s advice instead of swallowing it', async () => {
        await say('waar meld ik dit?');
        await submit({ action: 'routeWizard.answer', questionId: 'acuteDanger', value: 'ja' });
        assert.match(cardText(lastCard()), /Zo meld je dit/);
        await submit({ action: 'knowledge.entry', entryId: 'acuut-gevaar' });
        assert.match(cardText(lastCard()), /Acuut gevaar\? Bel 112/);
    });

    it('answers a described situation with the route for what it understood', async () => {
        await say('bij een huisbezoek zag ik een jongen van 15 die pakketjes rondbrengt voor oudere jongens en steeds nieuwe telefoons heeft');
        const text = cardText(lastCard());
        assert.match(text, /Je beschrijft een minderjarige, mogelijk criminele uitbuiting/);
        assert.match(text, /Veilig Thuis/);
        assert.match(JSON.stringify(lastCard()), /"action":"menu\.waarMeldIk"/);
    });

    it('answers "Vraag het de aandachtfunctionaris" with the named municipality\'s own aandachtfunctionaris', async () => {
        await submit({ action: 'knowledge.askCoordinator', municipality: 'Brummen' });
        const text = cardText(lastCard());
        assert.match(text, /Aandachtfunctionaris in Brummen/);
        assert.match(text, /Sanne Jansen/);
    });
});
