/**
 * Every card the bot can send, expanded with sample data: one entry per template JSON in cards/, each a
 * list of renderings (the states and variants that change its shape). test/unit/cards/cardSchema.test.ts
 * parses and validates each one with the `adaptivecards` library, and fails when a template in cards/ has
 * no entry here: a new card joins by adding its file name and a sample below.
 */
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { renderAdditionFormCard } from '../../../cards/additionFormCard';
import { renderCaseHistoryCard } from '../../../cards/caseHistoryCard';
import { renderCaseNoticeCard } from '../../../cards/caseNoticeCard';
import { renderChannelIntroCard } from '../../../cards/channelIntroCard';
import { renderDigestCard } from '../../../cards/digestCard';
import { renderMyReportsCard } from '../../../cards/myReportsCard';
import { renderOpenReportsCard } from '../../../cards/openReportsCard';
import { renderOverviewCard, renderOverviewCsvCard } from '../../../cards/overviewCard';
import { renderKnowledgeSuggestionsCard, renderQuestionAnswerCard, renderQuestionChannelCard, renderQuestionFormCard } from '../../../cards/questionCards';
import type { AdaptiveCardJson } from '../../../cards/renderCard';
import { renderReportChannelCard } from '../../../cards/reportChannelCard';
import { renderReportConfirmationCard } from '../../../cards/reportConfirmationCard';
import { renderReportFormCard } from '../../../cards/reportFormCard';
import { draftToFormValues, emptyFormValues } from '../../../cards/reportFormValues';
import { renderReportSafetyAdviceCard, renderReportSafetyCard } from '../../../cards/reportSafetyCard';
import { renderReportSummaryCard } from '../../../cards/reportSummaryCard';
import { renderReporterQuestionCard } from '../../../cards/reporterQuestionCard';
import { renderRouteWizardQuestionCard } from '../../../cards/routeWizardQuestionCard';
import { renderUndeliveredCard } from '../../../cards/undeliveredCard';
import { NOT_UNDERSTOOD, WELCOME, renderWelcomeCard } from '../../../cards/welcomeCard';
import { exactStatistics, protectedStatistics } from '../../../bot/cases/caseStatistics';
import type { HistoryEntry } from '../../../bot/cases/caseModel';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';
import { WIZARD_QUESTION_IDS, WIZARD_QUESTIONS } from '../../../bot/knowledge/routeWizard';
import { createSilentLogger } from '../../../bot/logger';
import type { CoordinatorQuestion } from '../../../bot/questions/questionModel';
import { EXPLOITATION_FORMS, MUNICIPALITIES } from '../../../bot/domain/vocabulary';
import { REPORT_STATUSES, type Report } from '../../../bot/reports/reportModel';
import { KnowledgeResponder } from '../../../dialogs/knowledgeResponder';
import { renderLearningCaseCard, renderLearningFeedbackCard, renderLearningFiguresCard, renderLearningSettingsCard, renderQuizQuestionCard, renderQuizResultCard } from '../../../cards/learningCards';
import { DEFAULT_CONTENT_DIR } from '../../../bot/knowledge/knowledgeBase';
import { loadLearningContent } from '../../../bot/learning/learningContent';
import { learningFigures } from '../../../bot/learning/learningFigures';
import { FIXED_NOW, FIXED_TODAY, sampleDraft, sampleReport } from '../reports/reportFixtures';

type Samples = () => AdaptiveCardJson[] | Promise<AdaptiveCardJson[]>;

const COORDINATORS = [
    { aadObjectId: '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f', name: 'Sanne Jansen' },
    { aadObjectId: '6f2b8c1d-3e4a-4b5c-9d6e-7f8091a2b3c4', name: 'Anne de Vries' },
];

const HISTORY: HistoryEntry[] = [
    { version: 1, at: FIXED_NOW.toISOString(), action: 'oppakken', actorAadObjectId: COORDINATORS[0].aadObjectId, actorName: 'Sanne Jansen', fromStatus: 'nieuw', toStatus: 'in_behandeling', assigneeName: 'Sanne Jansen' },
    { version: 2, at: FIXED_NOW.toISOString(), action: 'doorzetten', actorAadObjectId: COORDINATORS[0].aadObjectId, actorName: 'Sanne Jansen', fromStatus: 'in_behandeling', toStatus: 'doorgezet', partner: 'politie', note: 'Zaaknummer 12' },
    { version: 3, at: FIXED_NOW.toISOString(), action: 'notitie', actorAadObjectId: COORDINATORS[1].aadObjectId, actorName: 'Anne de Vries', fromStatus: 'doorgezet', toStatus: 'doorgezet', note: 'Gebeld.' },
];

/** The channel card in every state, as everyone sees it and as a coordinator sees it, and purged. */
function channelCards(): AdaptiveCardJson[] {
    const reports: Report[] = REPORT_STATUSES.map((status, i) =>
        sampleReport({
            status,
            delivery: { state: 'bezorgd', attempts: 1, conversationId: '19:c@thread.tacv2;messageid=1', activityId: '1' },
            ...(i > 0 && { handling: { version: i, assigneeAadObjectId: COORDINATORS[0].aadObjectId, assigneeName: 'Sanne Jansen', lastChangeAt: FIXED_NOW.toISOString(), lastChangeSummary: 'Opgepakt door Sanne Jansen', additions: 1, questionState: 'open' as const, questionVersion: 1 } }),
        }),
    );
    const purged = sampleReport({ status: 'afgesloten', purgedAt: FIXED_NOW.toISOString(), description: '', handling: { version: 5 } });
    const acute = sampleReport({ acuteDanger: true, minor: 'ja', channelKind: 'fallback' });
    return [...reports, purged, acute].flatMap((report) => [
        renderReportChannelCard(report, { coordinators: COORDINATORS, coordinatorTeamsIds: ['29:sanne', '29:anne'] }),
        renderReportChannelCard(report, { coordinators: COORDINATORS, view: { kind: 'coordinator', aadObjectId: COORDINATORS[1].aadObjectId }, coordinatorTeamsIds: ['29:sanne'] }),
        renderReportChannelCard(report, { coordinators: COORDINATORS, view: { kind: 'readOnly' }, notice: 'Alleen de aandachtfunctionarissen kunnen dit.' }),
    ]);
}

function question(overrides: Partial<CoordinatorQuestion> = {}): CoordinatorQuestion {
    return {
        questionId: '0123456789abcdef0123456789abcdef',
        municipality: 'Brummen',
        asker: { aadObjectId: '00000000-0000-4000-8000-000000000001', tenantId: 't', displayName: 'Kim Balie' },
        turns: [{ text: 'Mag ik alleen naar binnen?', askedAt: FIXED_NOW.toISOString() }],
        version: 1,
        delivery: { conversationId: '19:c@thread.tacv2', activityId: '1', channelKind: 'bound' },
        ...overrides,
    };
}

const ANSWERED = question({
    version: 2,
    turns: [{ text: 'Mag ik alleen naar binnen?', askedAt: FIXED_NOW.toISOString(), answer: 'Nee.', answeredAt: FIXED_NOW.toISOString(), answeredById: COORDINATORS[0].aadObjectId, answeredByName: 'Sanne Jansen' }],
    suggestion: { byId: COORDINATORS[0].aadObjectId, byName: 'Sanne Jansen', at: FIXED_NOW.toISOString() },
});

/** The knowledge cards come from the real responder and content, one turn each. */
const responder = new KnowledgeResponder(loadKnowledgeBase(), createSilentLogger(), {
    coordinatorsOf: (m: string) => (m === 'Zutphen' ? [{ aadObjectId: COORDINATORS[0].aadObjectId, name: 'Sanne Jansen', email: 's.jansen@zutphen.example' }] : []),
});

async function cardsOfTurn(run: (context: TurnContext) => Promise<unknown>): Promise<AdaptiveCardJson[]> {
    const adapter = new TestAdapter(async (context) => {
        await run(context);
    });
    await adapter.send('x');
    const sent: Partial<Activity>[] = [];
    for (let a = adapter.activeQueue.shift(); a !== undefined; a = adapter.activeQueue.shift()) sent.push(a);
    return sent.flatMap((a) => (a.attachments ?? []).map((att) => att.content as AdaptiveCardJson));
}

/** Cards of the knowledge responder whose first card carries `marker` in its JSON. */
async function knowledgeCards(marker: RegExp, ...turns: ((context: TurnContext) => Promise<unknown>)[]): Promise<AdaptiveCardJson[]> {
    const cards = (await Promise.all(turns.map(cardsOfTurn))).flat().filter((c) => marker.test(JSON.stringify(c)));
    if (cards.length === 0) throw new Error(`no knowledge card matched ${String(marker)}`);
    return cards;
}

/** The shipped cases and quiz: every one of them, so a case whose text breaks a card fails here. */
function learning() {
    const kb = loadKnowledgeBase();
    const content = loadLearningContent(DEFAULT_CONTENT_DIR, kb.content);
    const entries = kb.content.entries.slice(0, 3).map((e) => ({ id: e.id, title: e.title }));
    return { content, entries };
}

export const CARD_SAMPLES: Record<string, Samples> = {
    'learningSettings.json': () => [renderLearningSettingsCard({ optedIn: false }), renderLearningSettingsCard({ optedIn: true, role: 'baliemedewerker', municipality: 'Brummen' })],
    'learningCase.json': () => {
        const { content } = learning();
        return content.cases.flatMap((c) => [renderLearningCaseCard(c, 'weekly'), renderLearningCaseCard(c, 'campaign')]);
    },
    'learningFeedback.json': () => {
        const { content, entries } = learning();
        return content.cases.flatMap((c) => [
            renderLearningFeedbackCard(c, 0, { entries, inPersonalChat: true }),
            renderLearningFeedbackCard(c, 2, { entries, inPersonalChat: false, notice: 'Je had deze casus al beantwoord.' }),
        ]);
    },
    'quizQuestion.json': () => {
        const { content } = learning();
        return content.quiz.map((q, i) => renderQuizQuestionCard(q, { runId: 'run-1', step: i % 5, total: 5 }, i > 0 ? { question: content.quiz[i - 1], choice: 0 } : undefined));
    },
    'quizResult.json': () => {
        const { content, entries } = learning();
        const five = content.quiz.slice(0, 5);
        return [renderQuizResultCard(five, [0, 1, 2, 0, 1], 3, entries)];
    },
    'learningFigures.json': () => [
        renderLearningFiguresCard(learningFigures({ kind: 'gemeente', municipalities: ['Brummen'], exactOnCard: true }, ['2026-11', '2026-12'], [{ month: '2026-12', kind: 'casus', municipality: 'Brummen' }])),
        renderLearningFiguresCard(learningFigures({ kind: 'regionaal', municipalities: MUNICIPALITIES, exactOnCard: false }, ['2026-12'], [{ month: '2026-12', kind: 'quiz', municipality: 'Lochem' }])),
    ],
    'additionForm.json': () => [renderAdditionFormCard(sampleReport(), '00000000-0000-4000-8000-00000000abcd')],
    'answerCard.json': () =>
        knowledgeCards(
            /Laatst gecontroleerd/,
            (c) => responder.answer(c, 'hoe meld ik arbeidsuitbuiting bij de inspectie'),
            (c) => responder.answer(c, 'een meisje wordt opgesloten door haar loverboy'),
            (c) => responder.answer(c, 'wie is de aandachtfunctionaris in Zutphen'),
        ),
    'caseHistoryCard.json': () => [renderCaseHistoryCard(sampleReport({ status: 'doorgezet', handling: { version: 3 } }), HISTORY), renderCaseHistoryCard(sampleReport(), [])],
    'caseNoticeCard.json': () => [renderCaseNoticeCard({ title: 'Er is niets veranderd', message: 'Deze actie kan alleen vanuit de eigen organisatie.' })],
    'channelIntroCard.json': () => [renderChannelIntroCard()],
    'dangerBanner.json': () => knowledgeCards(/tel:112/, (c) => responder.warnIfDanger(c, 'help, er zit een vrouw opgesloten in een container')),
    'digest.json': () => [renderDigestCard('**Weekoverzicht Brummen**\n\n- 2 open meldingen')],
    'knowledgeSuggestionsCard.json': () => [renderKnowledgeSuggestionsCard([ANSWERED]), renderKnowledgeSuggestionsCard([])],
    'myReports.json': () => [
        renderMyReportsCard([{ reportId: sampleReport().reportId, reference: 'MH-2026-0042', submittedAt: FIXED_NOW.toISOString(), municipality: 'Zutphen', status: 'nieuw', deliveryState: 'bezorgd' }]),
        renderMyReportsCard([]),
    ],
    'noAnswerCard.json': () => knowledgeCards(/Veilig Thuis/, (c) => responder.answer(c, 'wat is het weer morgen in Zwolle')),
    'openReports.json': () => [
        renderOpenReportsCard({ municipalities: ['Brummen'], reports: [sampleReport({ municipality: 'Brummen' })], more: 2 }, () => ({ link: 'https://teams.microsoft.com/l/message/x', channelName: 'Meldingen' })),
        renderOpenReportsCard({ municipalities: ['Brummen'], reports: [], more: 0 }, () => ({})),
    ],
    'overviewCard.json': () => {
        const reports = [sampleReport(), sampleReport({ reportId: 'f'.repeat(32), municipality: 'Brummen', forms: ['seksueel'], status: 'afgesloten' })];
        return [
            renderOverviewCard({ scope: { kind: 'gemeente', municipalities: ['Zutphen'], exactOnCard: true }, stats: exactStatistics(reports, 'maand', ['Zutphen']) }, FIXED_NOW),
            renderOverviewCard({ scope: { kind: 'regionaal', municipalities: MUNICIPALITIES, exactOnCard: false }, stats: protectedStatistics(reports, 'kwartaal', MUNICIPALITIES) }, FIXED_NOW),
            renderOverviewCard({ scope: { kind: 'gemeente', municipalities: ['Voorst'], exactOnCard: true }, stats: exactStatistics([], 'maand', ['Voorst']) }, FIXED_NOW),
            // Enough reports for the charts (whole-number axes) and their text alternatives.
            renderOverviewCard(
                {
                    scope: { kind: 'gemeente', municipalities: ['Zutphen'], exactOnCard: true },
                    stats: exactStatistics(Array.from({ length: 12 }, (_, i) => sampleReport({ reportId: i.toString(16).padStart(32, '0') })), 'maand', ['Zutphen']),
                },
                FIXED_NOW,
            ),
        ];
    },
    'overviewCsvCard.json': () => [renderOverviewCsvCard('Periode;Aantal\n2026-03;< 5\n', 'maand', { kind: 'regionaal', municipalities: MUNICIPALITIES, exactOnCard: false }, FIXED_NOW)],
    'questionAnswerCard.json': () => [renderQuestionAnswerCard(ANSWERED, 0)],
    'questionChannelCard.json': () => [renderQuestionChannelCard(question()), renderQuestionChannelCard(ANSWERED, 'Er is niets veranderd.'), renderQuestionChannelCard(question({ purgedAt: FIXED_NOW.toISOString(), turns: [] }))],
    'questionFormCard.json': () => [
        renderQuestionFormCard({ formId: 'f1', question: 'Mag ik alleen naar binnen?', coordinatorNames: ['Sanne Jansen'], municipality: 'Brummen' }),
        renderQuestionFormCard({ formId: 'f2', question: '', coordinatorNames: [], notice: 'Kies een gemeente.' }),
    ],
    'reportChannelCard.json': channelCards,
    'reportConfirmation.json': () => [
        renderReportConfirmationCard(sampleReport(), { name: 'Sanne Jansen', email: 's.jansen@zutphen.example' }),
        renderReportConfirmationCard(sampleReport({ acuteDanger: true }), undefined),
    ],
    'reportForm.json': () => [
        renderReportFormCard({ step: 1, values: emptyFormValues(), today: FIXED_TODAY }),
        renderReportFormCard({ step: 1, values: { ...emptyFormValues(), description: 'x' }, today: FIXED_TODAY, errors: { description: 'Schrijf iets meer.', observedOn: 'De datum ligt in de toekomst.' } }),
        ...EXPLOITATION_FORMS.map((form) =>
            renderReportFormCard({ step: 2, values: draftToFormValues(sampleDraft({ forms: [form], estimatedAge: 30 })), today: FIXED_TODAY, forms: [form], errors: { peopleCount: 'Vul een aantal in.' } }),
        ),
        renderReportFormCard({ step: 2, values: emptyFormValues(), today: FIXED_TODAY, forms: [...EXPLOITATION_FORMS] }),
    ],
    'reportSafety.json': () => [renderReportSafetyCard()],
    'reportSafetyAdvice.json': () => [renderReportSafetyAdviceCard()],
    'reportSummary.json': () => [renderReportSummaryCard(sampleDraft(), 'sub-1'), renderReportSummaryCard(sampleDraft({ acuteDanger: true }), 'sub-2', 'Je melding is NIET opgeslagen.')],
    'reporterQuestion.json': () => [renderReporterQuestionCard(sampleReport(), 'Hoe laat stond het busje er?', 3)],
    'routeAdviceCard.json': () =>
        knowledgeCards(
            /Zo meld je dit|Je beschrijft/,
            (c) => responder.answer(c, 'Bij een huisbezoek zag ik een meisje van 15 dat steeds wordt opgehaald door oudere mannen in een dure auto. Wat moet ik doen?'),
        ),
    'routeWizardQuestionCard.json': () =>
        WIZARD_QUESTION_IDS.map((id, i) => {
            const q = WIZARD_QUESTIONS[id];
            return renderRouteWizardQuestionCard({ step: i + 1, questionId: q.id, text: q.text, help: q.help ?? '', options: q.options.map((o) => ({ value: o.value, label: o.label })) });
        }),
    'topicCard.json': () => knowledgeCards(/"knowledge.entry"/, async (c) => {
        const kb = loadKnowledgeBase();
        const topic = kb.topics()[0];
        if (topic) await responder.showTopic(c, topic.id);
    }),
    'topicsCard.json': () => knowledgeCards(/"knowledge.topic"/, (c) => responder.showTopics(c)),
    'undelivered.json': () => [
        renderUndeliveredCard([sampleReport({ delivery: { state: 'niet_bezorgd', attempts: 5, failureReason: 'Geen kanaal gekoppeld' } })]),
        renderUndeliveredCard([]),
    ],
    'welcomeCard.json': () => [renderWelcomeCard(WELCOME), renderWelcomeCard(NOT_UNDERSTOOD)],
};
