import { normalise } from './dutchText';

/**
 * Spots wording that suggests someone is in danger right now, so the 112 advice goes on top of
 * whatever else the bot answers. It errs on the side of showing the advice: the banner is worded
 * as a condition ("is er nu direct gevaar?"), so a false alarm costs a line of text, a miss could
 * cost much more. Urgency words alone ("wat moet ik nu doen") do not trigger it: that is everyday
 * phrasing, not danger.
 */

const THREAT = new RegExp(
    [
        '\\bopgeslot\\w*',
        '\\bopsluit\\w*',
        '\\bsluit\\w* (?:\\w+ )?op\\b',
        '\\bvastgehouden\\b',
        '\\bvastgebonden\\b',
        '\\bhoudt? (?:\\w+ ){0,2}vast\\b',
        '\\bontvoer\\w*',
        '\\bgegijzeld\\b',
        '\\bgijzel\\w*',
        '\\bbedreig\\w*',
        '\\bdreig\\w*',
        '\\bmishandel\\w*',
        '\\bgeslagen\\b',
        '\\bslaat\\b',
        '\\bsloeg\\b',
        '\\bgeweld\\w*',
        '\\bverkracht\\w*',
        '\\bwapen\\w*',
        '\\bpistool\\b',
        '\\bmes\\b',
        '\\blevensgevaar\\w*',
        '\\bgevaar\\b',
        '\\bin nood\\b',
        '\\bnoodgeval\\w*',
        '\\bdoodsbang\\b',
        '\\bzelfmoord\\w*',
        '\\bsuicid\\w*',
        '\\bgewond\\w*',
        '\\bbloed\\w*',
        '\\bacuut\\b',
        '\\bacute\\b',
        '\\bspoed\\b',
        '\\b(?:kan|mag|mogen|kunnen) (?:\\w+ ){0,2}niet (?:meer )?weg\\b',
        '\\bniet (?:meer )?weg (?:kan|mag|mogen|kunnen)\\b',
        '\\bniet naar buiten\\b',
    ].join('|'),
    'g',
);

/** Phrases that contain a threat word but name a service or procedure, not a situation. */
const BENIGN = [
    /\bcentr\w* seksueel geweld\b/g,
    /\bmeldcode huiselijk geweld\w*/g,
    /\b(?:geen|zonder|niet met) spoed\b/g,
    /\bgevaarlijk\w*/g,
];

export interface DangerAssessment {
    acute: boolean;
}

export function assessDanger(text: string): DangerAssessment {
    let n = ` ${normalise(text)} `;
    for (const b of BENIGN) n = n.replace(b, ' ');
    THREAT.lastIndex = 0;
    return { acute: THREAT.test(n) };
}
