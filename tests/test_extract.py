"""Table-driven tests for quote and speaker extraction (sentences invented, about fictional disputes)."""

from __future__ import annotations

import itertools

import pytest

from stance.extract import QuoteExtractor, extract_quotes
from stance.matching import speaker_matches
from stance.types import KINDS, Quote


@pytest.fixture(scope="session")
def extractor() -> QuoteExtractor:
    return QuoteExtractor()


# (name, article, [(quote text, kind, speaker or None for "any")])
CASES = [
    ("straight_quotes_after_attribution",
     '"We will never accept outside arbitration," the minister said.',
     [("We will never accept outside arbitration", "direct", "the minister")]),
    ("curly_quotes_split_by_attribution",
     "“We will never accept outside arbitration,” Mira Olsen said, “and our neighbours know it.”",
     [("We will never accept outside arbitration", "direct", "Mira Olsen"),
      ("and our neighbours know it.", "direct", "Mira Olsen")]),
    ("single_quotes_not_confused_with_apostrophes",
     "Olsen said: ‘The river belongs to both nations and only both can decide its fate.’ "
     "Valdoria’s reply came later. Don't expect much.",
     [("The river belongs to both nations and only both can decide its fate.", "direct", "Olsen")]),
    ("attribution_before_with_colon",
     'The envoy said: "Our door remains open to direct talks with the other side."',
     [("Our door remains open to direct talks with the other side.", "direct", "The envoy")]),
    ("indirect_said_content_clause",
     "Foreign Minister Anna Kovacs said the dam would be finished this year.",
     [("the dam would be finished this year", "indirect", "Anna Kovacs")]),
    ("indirect_told_that",
     "Tomas Berg told reporters that the two sides had agreed to a ceasefire.",
     [("the two sides had agreed to a ceasefire", "indirect", "Tomas Berg")]),
    ("clause_first_reporting",
     "The two governments would meet in Geneva next month, the spokesman said.",
     [("The two governments would meet in Geneva next month", "indirect", "the spokesman")]),
    ("according_to",
     "According to the ministry, the border talks will resume on Monday.",
     [("the border talks will resume on Monday", "indirect", "the ministry")]),
    ("appositive_speaker_trimmed",
     "Hugh Hill, a doctor, said the wounded had been taken to the clinic.",
     [("the wounded had been taken to the clinic", "indirect", "Hugh Hill")]),
    ("appositive_name_preferred_to_title",
     "The spokesman, Tomas Berg, said the two governments would meet in Geneva next month.",
     [("the two governments would meet in Geneva next month", "indirect", "Tomas Berg")]),
    ("rejected_claims_that",
     "The ministry rejected claims that it had asked for foreign mediation.",
     [("it had asked for foreign mediation", "indirect", "The ministry")]),
    ("mixed_quote_with_fragment",
     'Berg told reporters that Valdoria "desperately wants a settlement".',
     [('Valdoria "desperately wants a settlement"', "mixed", "Berg")]),
    ("surname_and_pronoun_resolved_to_full_name",
     "Foreign Minister Anna Kovacs spoke on Tuesday. Kovacs said the dam would be finished this year. "
     "She added that no third party was needed.",
     [("the dam would be finished this year", "indirect", "Anna Kovacs"),
      ("no third party was needed", "indirect", "Anna Kovacs")]),
    ("multi_paragraph_quote_one_per_paragraph",
     "“The first part of a long statement about the river goes here.\n\n"
     "“And the second part of the statement ends it,” Kovacs said.",
     [("The first part of a long statement about the river goes here.", "direct", "Kovacs"),
      ("And the second part of the statement ends it", "direct", "Kovacs")]),
    ("follow_on_quote_inherits_speaker",
     "“We want a fair deal for the farmers on both banks,” Premier Lina Duarte said.\n\n"
     "“Nobody else should decide this for us, not even our friends.”",
     [("We want a fair deal for the farmers on both banks", "direct", "Lina Duarte"),
      ("Nobody else should decide this for us, not even our friends.", "direct", "Lina Duarte")]),
    ("news_agency_as_speaker",
     "The talks collapsed after two hours, Reuters reported.",
     [("The talks collapsed after two hours", "indirect", "Reuters")]),
    # a dateline or run-in before a direct quote is not part of a mixed quote
    ("dateline_with_agency_before_direct_quote",
     'OSTHAVEN (Harbour Wire) - "Nobody else will decide the fate of this river," the minister said.',
     [("Nobody else will decide the fate of this river", "direct", "the minister")]),
    ("dateline_with_colon_before_direct_quote",
     'VALDORIA CITY: "Our neighbours know we will never accept arbitration," Premier Lina Duarte said.',
     [("Our neighbours know we will never accept arbitration", "direct", "Lina Duarte")]),
    ("run_in_phrase_before_direct_quote",
     'Talks resumed on Monday "We will never accept outside arbitration," the envoy said.',
     [("We will never accept outside arbitration", "direct", "the envoy")]),
    ("direct_quote_object_then_narration",
     'The envoy said "we will never accept outside arbitration" and walked out.',
     [("we will never accept outside arbitration", "direct", "The envoy")]),
    ("mixed_quote_keeps_both_marks_of_fragment",
     'Kovacs said "outside mediators" would never be welcome on the river.',
     [('"outside mediators" would never be welcome on the river', "mixed", "Kovacs")]),
    ("mixed_fragment_after_subject_with_clause_first_attribution",
     'Valdoria "desperately wants a settlement," the minister said.',
     [('Valdoria "desperately wants a settlement,"', "mixed", "the minister")]),
    ("participle_report_is_its_own_quote_with_the_same_speaker",
     "Spokesman Karel Dvorak denied that Valdoria had asked any outside power to step in, "
     "saying the truce had been agreed directly by the two armies.",
     [("Valdoria had asked any outside power to step in", "indirect", "Karel Dvorak"),
      ("the truce had been agreed directly by the two armies", "indirect", "Karel Dvorak")]),
    ("two_reports_joined_by_while",
     "Premier Ilse Marek said the accord was a betrayal of the north, while President Tomas Varga said "
     "he would sign it next week.",
     [("the accord was a betrayal of the north", "indirect", "Ilse Marek"),
      ("he would sign it next week", "indirect", "Tomas Varga")]),
    ("nested_report_without_comma_stays_one_quote",
     "Mira Olsen said the envoy had told her that the talks would resume in May.",
     [("the envoy had told her that the talks would resume in May", "indirect", "Mira Olsen")]),
    ("interview_q_and_a_lines",
     "Ostland's foreign minister Lena Fors spoke to this newspaper on Friday.\n\n"
     "Q: Will you accept a mediator on the river?\n\n"
     "A: We have always said the river is for the two governments to settle between them.\n\n"
     "Q: And if the talks stall again?\n\n"
     "A: Then we will keep talking. Nobody else can do it for us.",
     [("Will you accept a mediator on the river?", "direct", "a reporter"),
      ("We have always said the river is for the two governments to settle between them.", "direct", "Lena Fors"),
      ("And if the talks stall again?", "direct", "a reporter"),
      ("Then we will keep talking. Nobody else can do it for us.", "direct", "Lena Fors")]),
    ("content_clause_continues_past_an_embedded_fragment",
     "Envoy Lena Fors said any accord reached “over our heads” would not hold and that both banks of the "
     "river had to sign it.",
     [("any accord reached “over our heads” would not hold and that both banks of the river had to sign it",
       "mixed", "Lena Fors")]),
    ("told_a_briefing_that",
     "Spokesman Arvo Laine told a weekly briefing that Ostland would send a delegation to the talks.",
     [("Ostland would send a delegation to the talks", "indirect", "Arvo Laine")]),
    ("briefing_transcript_lines",
     "Spokesperson Daniel Hale briefed reporters on Monday.\n\n"
     "MR HALE: Good afternoon. We have nothing new on the river talks today.\n\n"
     "QUESTION: Would Washington be willing to host the two sides?\n\n"
     "MR HALE: That is a decision for the two governments, and we encourage them to keep talking.",
     [("Good afternoon. We have nothing new on the river talks today.", "direct", "Daniel Hale"),
      ("Would Washington be willing to host the two sides?", "direct", "a reporter"),
      ("That is a decision for the two governments, and we encourage them to keep talking.", "direct",
       "Daniel Hale")]),
    ("transcript_with_quoted_answers_and_two_questions",
     "The ministry later released the exchange.\n\n"
     "Q: Will Ostland accept the offer of a mediator?\n\n"
     'Laine: "Our position has not changed. The river is for the two banks to settle."\n\n'
     "Q: When will the border crossing reopen?\n\n"
     'Laine: "I have no date for you yet."',
     [("Will Ostland accept the offer of a mediator?", "direct", "a reporter"),
      ("Our position has not changed. The river is for the two banks to settle.", "direct", "Laine"),
      ("When will the border crossing reopen?", "direct", "a reporter"),
      ("I have no date for you yet.", "direct", "Laine")]),
    ("question_and_answer_labels_with_notes",
     "The commission was more guarded at its midday briefing.\n\n"
     "Q (Nordvik Post): Is the commission going to mediate between the two capitals?\n\n"
     "A (spokesperson Ilse Brandt): The commission is not a party to this quarrel. It is for the two "
     "neighbours to settle it.",
     [("Is the commission going to mediate between the two capitals?", "direct", "a reporter from Nordvik Post"),
      ("The commission is not a party to this quarrel. It is for the two neighbours to settle it.", "direct",
       "Ilse Brandt")]),
    ("answer_label_with_a_name_and_a_role_in_its_note",
     "The envoy took two questions at the border post.\n\n"
     "Q (follow-up): Would Ostland accept a mediator from the regional bloc?\n\n"
     "A (Mara Voss, Ostland's envoy): We will not accept anyone standing between the two banks.",
     [("Would Ostland accept a mediator from the regional bloc?", "direct", "a reporter"),
      ("We will not accept anyone standing between the two banks.", "direct", "Mara Voss")]),
    ("agency_dateline_with_a_colon_is_not_a_transcript_line",
     "NORDVIK (Reuters): Ostland's foreign ministry said on Monday that the river would be shared only "
     "under the 1998 treaty.\n\nAt a briefing later, spokesman Arvo Laine took one question.\n\n"
     "Q: Will Ostland accept a mediator from the regional bloc?\n\n"
     "MR LAINE: The river is for the two banks to settle, and for nobody else.",
     [("the river would be shared only under the 1998 treaty", "indirect", "Ostland's foreign ministry"),
      ("Will Ostland accept a mediator from the regional bloc?", "direct", "a reporter"),
      ("The river is for the two banks to settle, and for nobody else.", "direct", "Arvo Laine")]),
    ("reporter_described_in_the_question_label",
     "The minister took questions after the signing.\n\n"
     "Q (a correspondent for a Valdorian daily): Will the bloc's envoy sit at the table?\n\n"
     "MINISTER VOSS: The envoy is welcome as a guest, not as a judge.",
     [("Will the bloc's envoy sit at the table?", "direct", "a correspondent for a Valdorian daily"),
      ("The envoy is welcome as a guest, not as a judge.", "direct", "Voss")]),
    ("interview_with_the_interviewee_named_as_an_object",
     "After the vote we spoke to Mara Voss, Ostland's envoy to the bloc. The conversation has been condensed.\n\n"
     "Q: Will the bloc mediate between the two banks?\n\n"
     "A: Only if both capitals ask it to, and so far only one has.\n\n"
     "Q: And if Valdoria never asks?\n\n"
     "A: Then we will keep talking to Valdoria directly, as we always have.",
     [("Will the bloc mediate between the two banks?", "direct", "a reporter"),
      ("Only if both capitals ask it to, and so far only one has.", "direct", "Mara Voss"),
      ("And if Valdoria never asks?", "direct", "a reporter"),
      ("Then we will keep talking to Valdoria directly, as we always have.", "direct", "Mara Voss")]),
    ("interviewer_labelled_with_the_outlet_s_initials",
     "Nordvik Radio interviewed Foreign Minister Ilse Brandt on Sunday.\n\n"
     "NR: Is the bloc's offer to mediate still open?\n\n"
     "BRANDT: It is, and we have told both capitals so.\n\n"
     "NR: Has Valdoria answered?\n\n"
     "BRANDT: Not yet, but we expect an answer before the summit.",
     [("Is the bloc's offer to mediate still open?", "direct", "a reporter"),
      ("It is, and we have told both capitals so.", "direct", "Ilse Brandt"),
      ("Has Valdoria answered?", "direct", "a reporter"),
      ("Not yet, but we expect an answer before the summit.", "direct", "Ilse Brandt")]),
    ("occasion_with_a_possessive_is_narration",
     "The envoy said the river would be shared only by treaty, during his interview with a state broadcaster.",
     [("the river would be shared only by treaty", "indirect", "The envoy")]),
    ("occasion_set_off_by_commas_inside_the_content_is_kept",
     "Ostland said that Valdoria, in a letter to the council last year, agreed to share the river's flow.",
     [("Valdoria, in a letter to the council last year, agreed to share the river's flow", "indirect",
       "Ostland")]),
    ("speech_occasion_after_the_content_is_narration",
     "President Aron Dahl told supporters on Saturday that peace on the river would be made by Ostlanders "
     "alone, in a long speech that dwelt mostly on roads and harvests.",
     [("peace on the river would be made by Ostlanders alone", "indirect", "Aron Dahl")]),
    ("dateline_with_country_and_accent",
     "SÄRNÖ, Ostland, March 10 — Valdoria's envoy said on Friday that talks would resume in spring.",
     [("talks would resume in spring", "indirect", "Valdoria's envoy")]),
    ("dateline_is_not_the_speaker",
     "NORDVIK, March 3 — Ostland's foreign ministry said on Monday that the river would be shared "
     "only under the 1998 treaty.",
     [("the river would be shared only under the 1998 treaty", "indirect", "Ostland's foreign ministry")]),
    ("agency_dateline_is_not_the_speaker",
     "PORT ALDA (Reuters) - Valdoria said it would ask the regional court to rule on the island.",
     [("it would ask the regional court to rule on the island", "indirect", "Valdoria")]),
    ("lede_circumstance_is_narration_not_content",
     "Ostland said on Friday it would start applying the tribunal's line at midnight, as a six-month "
     "deadline for Valdoria to accept it ran out.",
     [("it would start applying the tribunal's line at midnight", "indirect", "Ostland")]),
    ("days_after_clause_is_narration_not_content",
     "Valdoria's government said the river was a matter for the two capitals alone, days after Ostland "
     "said it would welcome a mediator.",
     [("the river was a matter for the two capitals alone", "indirect", "Valdoria's government"),
      ("it would welcome a mediator", "indirect", "Ostland")]),
    ("comparison_inside_the_content_is_kept",
     "The council said it was ready to host both delegations again, as it did when the first accord was signed.",
     [("it was ready to host both delegations again, as it did when the first accord was signed", "indirect",
       "The council")]),
    ("that_clause_on_the_letter_of_a_report",
     "Ostland's envoy, Mara Voss, wrote in a letter to the council that the body “must act at once” "
     "against the dam's second filling.",
     [("the body “must act at once” against the dam's second filling", "mixed", "Mara Voss")]),
    ("a_reporter_question_stays_a_quote",
     "A reporter asked whether the bloc would host the next round of talks.",
     [("whether the bloc would host the next round of talks", "indirect", "A reporter")]),
    ("answer_after_a_question_put_to_the_speaker",
     "Asked on Monday whether he would still mediate, the president said he was ready to help if both sides wanted it.",
     [("he was ready to help if both sides wanted it", "indirect", "the president")]),
]

NOT_QUOTES = [
    ("question_put_to_the_speaker", "Asked whether Ostland would accept a mediator, the minister smiled and left the room."),
    ("passive_question_put_to_the_speaker",
     "At the briefing, the spokeswoman was asked whether the bloc had offered to host the next round."),
    ("scare_quotes", "The “mediator” offer was rejected by both capitals."),
    ("infinitive_complement", "The minister urged Valdoria to drop the case."),
    ("verb_of_thinking", "She believes the talks will fail."),
    ("noun_complement", "The president's claim that he was asked to mediate surprised many."),
    ("fact_that_is_not_a_report", "The envoy, however, contended with the fact that few allies had sided with Ostland."),
    ("narration", "Valdoria has once again rejected the offer of a foreign mediator."),
    ("headline", "Valdoria rejects 'fresh offer' to mediate river dispute\n\nThe talks ended."),
    ("empty", ""),
    ("labelled_lines_that_are_not_a_dialogue",
     "Valdoria and Ostland resume talks on the river\n\nAlso read: Why the river talks stalled last year\n\n"
     "Photo: Delegations arrive at the venue on Monday morning."),
    ("one_labelled_line_is_not_a_transcript", "Update: The talks have been moved to Thursday afternoon."),
    ("explainer_question_and_answer_box",
     "Valdoria and Ostland: what we know\n\nQ: What is the quarrel about?\n\n"
     "A: Both countries claim the upper river and its islands.\n\nQ: Has anyone offered to mediate?\n\n"
     "A: The regional bloc has offered twice, without result."),
    ("one_question_and_a_bare_answer_are_not_a_transcript",
     "Q: Is the bridge open again today?\n\nA: Yes, since Monday morning at six."),
    ("correction_label_is_not_a_speaker",
     "Correction: An earlier version of this story misstated the date of the border talks.\n\n"
     "Q: Will Ostland accept a mediator?\n\nA: Nobody has asked us yet, so there is nothing to accept."),
    ("dateline_and_one_label_are_not_a_transcript",
     "NORDVIK: Ostland on Monday reopened the border crossing.\n\nTRAFFIC: Lorries queued for six hours at dawn."),
]


@pytest.mark.parametrize("name,article,expected", CASES, ids=[c[0] for c in CASES])
def test_extracts_expected_quotes(extractor, name, article, expected):
    quotes = extractor(article)
    assert [(q.text, q.kind) for q in quotes] == [(t, k) for t, k, _ in expected]
    for q, (_, _, speaker) in zip(quotes, expected, strict=False):
        assert q.speaker == speaker or speaker_matches(q.speaker, speaker), (q.speaker, speaker)
        assert article[q.start:q.end] == q.text
        assert q.label is None


@pytest.mark.parametrize("name,article", NOT_QUOTES, ids=[c[0] for c in NOT_QUOTES])
def test_finds_no_quote(extractor, name, article):
    assert extractor(article) == []


def _unbalanced_edge(text: str) -> bool:
    marks = "“”„«»\""
    return sum(text.count(ch) for ch in marks) % 2 == 1 and (text[:1] in marks or text[-1:] in marks)


@pytest.mark.parametrize("article", [
    'The minister said "we want only direct talks" and left.',
    'Kovacs said "outside mediators" would never be welcome on the river.',
    'Berg told reporters that Valdoria "desperately wants a settlement".',
    'ISLAMABAD: "We want only direct talks," the minister said.',
    'Officials said the deal was “a trap\n\nand nothing more," the envoy added.',
])
def test_no_quote_starts_or_ends_with_an_unbalanced_mark(extractor, article):
    for q in extractor(article):
        if q.kind != "direct":
            assert not _unbalanced_edge(q.text), q.text
            assert q.text.count('"') % 2 == 0 or "“" in q.text or "”" in q.text, q.text


def test_pronoun_resolves_to_last_named_speaker(extractor):
    text = ("Chief negotiator Paulo Reyes met his counterpart on Friday. Reyes said the ferry dispute was "
            "a matter for the two islands alone. He stressed that no outside court had any say.")
    quotes = extractor(text)
    assert [q.speaker for q in quotes] == ["Paulo Reyes", "Paulo Reyes"]


def test_short_quote_that_is_whole_object_of_speech_verb_is_kept(extractor):
    text = 'Asked where the talks would be held, the envoy said "Lisbon, probably" and left.'
    assert [q.text for q in extractor(text) if q.kind == "direct"] == ["Lisbon, probably"]


def test_pipe_matches_call(extractor):
    texts = ["Kovacs said the dam would be finished this year.", "", "Nothing was said here at all."]
    assert list(extractor.pipe(texts, batch_size=2)) == [extractor(t) for t in texts]


def test_extract_quotes_function():
    quotes = extract_quotes("Kovacs said the dam would be finished this year.")
    assert quotes and isinstance(quotes[0], Quote) and quotes[0].kind in KINDS


@pytest.mark.parametrize("bad", [None, b"bytes", 3, ["a list"]])
def test_non_str_input_raises_type_error(extractor, bad):
    with pytest.raises(TypeError, match="expects article text as str, got"):
        extractor(bad)
    with pytest.raises(TypeError, match="got"):
        extract_quotes(bad)


def test_long_text_is_processed_in_chunks(extractor):
    para = ("“We will only talk to our neighbours directly,” the minister said. "
            "Officials said the talks would continue next week.\n\n")
    text = para * 900  # about 110,000 characters
    assert len(text) > 100_000
    small = QuoteExtractor(max_chunk_chars=5_000)
    quotes = small(text)
    assert len(quotes) >= 900
    assert all(text[q.start:q.end] == q.text for q in quotes)
    assert all(a.end <= b.start for a, b in itertools.pairwise(quotes))


def test_constructor_only_stores_parameters():
    ex = QuoteExtractor(max_chunk_chars=1234)
    assert ex.max_chunk_chars == 1234 and ex._nlp is None


# Speaker patterns (invented articles): (name, article, [exact expected speaker per quote, in order]).
SPEAKER_CASES = [
    ("pronoun_follows_subject_of_introducing_sentence",
     "“The river treaty stays as it is,” Anna Kovacs said.\n\n"
     "Valdorian envoy Piet Maren took a softer line. “We could ask a neutral engineer to look at the dam,” he said.",
     ["Anna Kovacs", "Piet Maren"]),
    ("it_said_follows_organisation_subject",
     "“Only the two capitals can settle this,” Anna Kovacs said.\n\n"
     "Valdoria's water ministry rejected the report. “No outside panel has been invited,” it said.",
     ["Anna Kovacs", "Valdoria's water ministry"]),
    ("appositive_name_after_non_human_noun",
     "Valdoria's agent at the tribunal, Ines Carvalho, said the ruling bound both governments.",
     ["Ines Carvalho"]),
    ("appositive_name_after_military_title",
     "The navy's spokesman, Rear Adm Tomas Ekberg, said two patrol boats had been damaged.",
     ["Tomas Ekberg"]),
    ("person_of_institution_is_the_person",
     "“Neither capital wants a referee,” said Olga Petrenko of the Meridian Policy Institute.",
     ["Olga Petrenko"]),
    ("statement_from_organisation",
     "A statement from Valdoria's foreign ministry said the two sides would meet again in May.",
     ["Valdoria's foreign ministry"]),
    ("the_statement_refers_to_last_organisation",
     "In a statement, the Ostland foreign ministry said the talks had been useful.\n\n"
     "“We will return to the table next month,” the statement said.",
     ["the Ostland foreign ministry", "the Ostland foreign ministry"]),
    ("nested_report_speaker_is_innermost",
     "Premier Lina Duarte told the Ostland premier on Sunday that the ferry dispute would be settled "
     "by the two islands alone, her office said.",
     ["Lina Duarte"]),
    ("nested_report_inside_according_to",
     "Foreign Minister Anna Kovacs told the visiting envoy that no mediator was needed on the river, "
     "according to a statement from her ministry.",
     ["Anna Kovacs"]),
    ("unattributed_quote_after_introducing_sentence",
     "“The talks are going well,” Anna Kovacs said.\n\n"
     "Harbour historian Bruno Salas, who has studied the dispute for decades, was doubtful. "
     "“Nothing in the old maps supports either claim.”",
     ["Anna Kovacs", "Bruno Salas"]),
    ("headline_line_does_not_leak_into_speaker",
     "“We will keep talking,” Anna Kovacs said.\n\n"
     "Also Read: Ostland, Valdoria agree to joint river survey\n\n"
     "Ambassador Joao Pires said Ostland backed its neighbour fully.",
     ["Anna Kovacs", "Joao Pires"]),
    ("the_diplomat_refers_to_indefinite_subject",
     "“The river belongs to both,” Anna Kovacs said.\n\n"
     "A Nordic diplomat, speaking privately, was sceptical. “Nobody here wants to own this quarrel,” the diplomat said.",
     ["Anna Kovacs", "A Nordic diplomat"]),
    ("subject_before_participial_clause",
     "Interior Minister Rafael Ortega, opening the debate in parliament, said the border law had been delayed for years.",
     ["Rafael Ortega"]),
    ("hyphenated_given_name_kept_whole",
     "“The river is ours,” Anna Kovacs said.\n\n"
     "Deputy minister Park Joon-seo disagreed. “Ostland and Valdoria must sit down alone,” he said.",
     ["Anna Kovacs", "Park Joon-seo"]),
    ("lower_case_name_particle",
     "“The river is ours,” Anna Kovacs said.\n\n"
     "Envoy Karim al-Haddad was unmoved. “Outside judges will not decide this,” he said.",
     ["Anna Kovacs", "Karim al-Haddad"]),
    ("appositive_name_after_place",
     "Ostland's delegate at the Geneva court, Mirela Dunca, said the judgment bound both sides.",
     ["Mirela Dunca"]),
    ("subject_before_asked_clause_with_colon",
     "A harbour authority spokesperson, asked about the blockade, said: “Both fleets must withdraw at once.”",
     ["A harbour authority spokesperson"]),
    ("subject_before_asked_clause_with_that",
     "Harbour board adviser Nils Brandt, asked about the blockade, said that the fleets would withdraw by Friday.",
     ["Nils Brandt"]),
    ("told_in_a_call_that_is_a_nested_report",
     "Premier Lina Duarte told the Ostland premier in a phone call that the ferry dispute would be settled "
     "by the two islands alone, according to her office.",
     ["Lina Duarte"]),
    ("monarch_resolves_to_named_king",
     "King Harald Vinter opened the session on Monday.\n\n"
     "The monarch said the dispute with Ostland belonged to the two crowns alone.",
     ["Harald Vinter"]),
]


@pytest.mark.parametrize("name,article,speakers", SPEAKER_CASES, ids=[c[0] for c in SPEAKER_CASES])
def test_speaker_patterns(extractor, name, article, speakers):
    quotes = extractor(article)
    assert len(quotes) == len(speakers), [(q.text, q.speaker) for q in quotes]
    assert [q.speaker for q in quotes] == speakers


def test_question_put_to_a_speaker_is_no_quote_but_names_who_answers(extractor):
    text = ("Ostland's foreign minister, Arvid Lund, said the river was a matter for the two capitals alone.\n\n"
            "In Brussels, the bloc's spokeswoman Mira Kalt was asked whether the offer to host talks still stood.\n\n"
            "\"Our door stays open to both capitals,\" she said.")
    quotes = extractor(text)
    assert [(q.text, q.speaker) for q in quotes] == [
        ("the river was a matter for the two capitals alone", "Arvid Lund"),
        ("Our door stays open to both capitals", "Mira Kalt"),
    ]


def test_answer_to_a_reporter_question_is_the_asked_person_s(extractor):
    text = ("Foreign Minister Lena Morrow said the ferry talks had gone well. A reporter asked Morrow whether "
            "Ostland would invite the bloc to observe. \"We have not needed anyone so far,\" she replied.")
    quotes = extractor(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("indirect", "Lena Morrow"), ("indirect", "A reporter"),
                                                     ("direct", "Lena Morrow")]


def test_quote_paragraphs_after_a_colon_paragraph_are_its_speaker_s(extractor):
    text = ("Prime Minister Tomas Berg told a gathering of officials in Nordvik:\n\n"
            "“Ten years of drought have emptied the treasury.\n\n"
            "“The bloc is the one address every party has accepted.”\n\n"
            "What the two sides said:\n\n"
            "“We will not go to court,” said Ostland's envoy.")
    quotes = extractor(text)
    assert [q.speaker for q in quotes] == ["Tomas Berg", "Tomas Berg", "Ostland's envoy"]


def test_object_pronoun_of_a_reporter_question_is_not_the_reporter(extractor):
    # "her" in "The reporter asked her" cannot be the reporter: the answer goes to the person named before
    text = ("Mira Kalt said the bloc would stay neutral. The reporter asked her whether the offer to host talks "
            "still stood. \"It does, and it will,\" she said.")
    quotes = extractor(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("indirect", "Mira Kalt"), ("indirect", "The reporter"),
                                                     ("direct", "Mira Kalt")]


def test_a_colon_paragraph_that_introduces_a_list_names_no_speaker(extractor):
    text = ("Arvid Lund spoke in Brussels on Monday.\n\nThe bloc's offer had three parts:\n\n"
            "“A standing mediator for the river and for the dam.”")
    assert [q.speaker for q in extractor(text)] == [None]
    # a speech verb inside a relative clause is not the colon sentence's speaker
    text = ("Arvid Lund spoke in Brussels.\n\nThen came the question everyone asked:\n\n"
            "“Will the bloc mediate between the two capitals?”")
    assert [q.speaker for q in extractor(text)] == [None]


@pytest.mark.parametrize(("text", "speaker"), [
    ("In Kinshasa, Tina Morrow, a spokeswoman for President Alan Kerr, said a meeting was planned.", "Tina Morrow"),
    ("At a rally in Ngozi, Ravi Ndikuriyo, secretary-general of the ruling party, said the opposition had nothing "
     "to offer.", "Ravi Ndikuriyo"),
    ("In Doha, Ruritania's Minister of State for Cooperation, Lina Al-Khatib, said the children had been handed over.",
     "Lina Al-Khatib"),
    ("In Addis Ababa, Water and Energy Minister Selam Bekele told a news conference that the filling would begin "
     "in July.", "Selam Bekele"),
    # the verb's own "on Tuesday" is not part of a name
    ("Following the protest by Ostland, the US State Department on Tuesday said Lakeland is a bilateral issue.",
     "the US State Department"),
    ("In Brussels, a spokesperson for the bloc's foreign service said the bloc stood by all three countries.",
     "a spokesperson for the bloc's foreign service"),
    ("In the camps near Tindouf, the movement's leader, Brahim Galli, told a rally that talks must be direct.",
     "Brahim Galli"),
    ("In Paris, London and Berlin, officials said the talks would resume.", "officials"),
])
def test_a_name_set_off_after_an_opening_place_phrase_is_the_speaker(extractor, text, speaker):
    # the parser hangs such a name on the place ("In Kinshasa, Tina Morrow, ...") and gives the verb no subject
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("indirect", speaker)


@pytest.mark.parametrize(("text", "speaker"), [
    ("Deputy Prime Minister and Foreign Minister Rafael Ortis told reporters that the border question would be "
     "settled by the two capitals alone.", "Rafael Ortis"),
    ("Defence Minister and Deputy Premier Anna Kowal said the army would stay.", "Anna Kowal"),
    ("Foreign Minister and chief negotiator Lena Holm said the talks would resume in Oslo.", "Lena Holm"),
    # two people, or two offices with no name: unchanged
    ("President Ana Ruiz and Prime Minister Tomas Berg said the talks would go on.", "Ana Ruiz"),
    ("The foreign minister and the defence minister said the army would stay.", "The foreign minister"),
    ("The minister and Tomas Berg told reporters that the talks would go on.", "The minister"),
    ("The president and Ostland said the talks would go on.", "The president"),
    ("Foreign Minister and Mr Berg said the talks would go on.", "Foreign Minister"),
])
def test_two_titles_of_one_person_give_the_name_after_them(extractor, text, speaker):
    # the parser makes the first title the subject and hangs the named second title on it as a conjunct
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("indirect", speaker)


@pytest.mark.parametrize(("text", "speaker"), [
    ("Ana Ruiz, who co-chaired the talks, said the sides were close to a deal.", "Ana Ruiz"),
    ("The ministry e-mailed a statement saying the talks would resume.", "The ministry"),
    ("Tomas Berg, who re-entered the talks in May, said the border would be settled by the two capitals.", "Tomas Berg"),
    ("Co-Chair Ana Ruiz said the talks would go on.", "Ana Ruiz"),
])
def test_a_prefixed_verb_keeps_its_sentence_whole(extractor, text, speaker):
    # split into "co", "-", "chaired", the word broke the parse: no speaker, or "The ministry e"
    [quote] = extractor(text)
    assert quote.speaker == speaker


def test_hyphenated_names_and_compounds_still_split(extractor):
    tokens = [t.text for t in extractor.nlp.tokenizer("al-Haddad Kurdish-led co-chaired e-mailed (co-chaired)")]
    assert tokens == ["al", "-", "Haddad", "Kurdish", "-", "led", "co-chaired", "e-mailed", "(", "co-chaired", ")"]


def test_the_pipeline_still_pickles_and_serialises(extractor):
    import pickle

    nlp = extractor.nlp
    restored = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [t.text for t in restored("Ana Ruiz co-chaired it")] == ["Ana", "Ruiz", "co-chaired", "it"]
    assert nlp.to_bytes()


@pytest.mark.parametrize(("text", "speakers"), [
    # a person titled otherwise is someone else
    ('Foreign Minister Ana Ruiz said: "No outside power will draw our border."\n\n'
     'The envoy replied: "We remain available."', ["Ana Ruiz", "The envoy"]),
    # the same title, or a generic head, still refers back to the person
    ('Foreign Minister Ana Ruiz said: "No outside power will draw our border."\n\n'
     'The minister added: "We will talk to Ostland alone."', ["Ana Ruiz", "Ana Ruiz"]),
    ('President Tomas Berg spoke second. "We owe our neighbours a debt," he said.\n\n'
     'The Ostland leader added that the joint commission was "the only table we need".', ["Tomas Berg", "Tomas Berg"]),
])
def test_a_definite_role_resolves_only_to_a_person_of_that_role(extractor, text, speakers):
    assert [q.speaker for q in extractor(text)] == speakers


def test_a_quote_ended_by_a_full_stop_is_not_attributed_by_the_next_sentence(extractor):
    text = ('Prime Minister Lena Vos wrote on social media: "Only direct talks can settle the fisheries line." '
            'Her office later said she had no objection to a round in Reykjavik.')
    quotes = extractor(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", "Lena Vos"), ("indirect", "Her office")]
    # without an attribution before it, the verb after the quote still attributes it
    [quote] = extractor('"Only direct talks can settle it." Ana Ruiz said on Tuesday.')
    assert quote.speaker == "Ana Ruiz"


@pytest.mark.parametrize(("text", "speakers"), [
    ('Foreign Minister Eamon Varga met the envoy on Monday. "We want the talks to go on," his ministry said.',
     ["Eamon Varga's ministry"]),
    ("Foreign Minister Eamon Varga met the envoy on Monday. His ministry later said outside brokers were not needed.",
     ["Eamon Varga's ministry"]),
    ('"We will not accept outside brokers," said Ana Ruiz, the foreign minister. Her spokesman said the talks '
     "would resume on Monday.", ["Ana Ruiz", "Ana Ruiz's spokesman"]),
    ('Opposition leader Karl Olsen was arrested. His lawyer said the charges were political. "He will fight this," '
     "the lawyer added.", ["Karl Olsen's lawyer"] * 2),
    # "her" skips a man the article marks as one
    ('Mr. Tomas Berg met Ms. Lena Varga in Oslo. "We are ready to help both sides," Berg said. Her spokeswoman '
     "said later that no envoy had been named.", ["Tomas Berg", "Lena Varga's spokeswoman"]),
    # "his office" stays: gold files write it as "X's office" or "the office of X", and "His office" matches both
    ("President Tomas Berg flew home. His office said the talks would resume.", ["His office"]),
])
def test_his_ministry_and_her_spokesman_belong_to_the_person_the_pronoun_means(extractor, text, speakers):
    assert [q.speaker for q in extractor(text)] == speakers


@pytest.mark.parametrize(("text", "speaker"), [
    ("A spokesman for President Ana Ruiz said the offer of help stood.", "A spokesman for President Ana Ruiz"),
    ("An aide to Tomas Berg told reporters that the talks would resume.", "An aide to Tomas Berg"),
    ("The Westland envoy to Ostland said the talks would resume.", "The Westland envoy to Ostland"),
])
def test_a_spokesman_for_a_named_person_is_the_speaker(extractor, text, speaker):
    [quote] = extractor(text)
    assert quote.speaker == speaker


def test_a_pronoun_after_a_spokesman_for_someone_is_the_spokesman(extractor):
    text = ('A spokesman for Chancellor Tomas Berg was more careful. "This is for the two capitals to settle," he '
            'said. The spokesman said the chancellor would not comment further.')
    quotes = extractor(text)
    assert [q.speaker for q in quotes] == ["A spokesman for Chancellor Tomas Berg"] * 2


@pytest.mark.parametrize("text", [
    '"We will not be lectured," the spokesman, Tomas Berg, said.',
    '“We will not be lectured,” the Ostland foreign ministry’s spokesman, Tomas Berg, said.',
    '"We will not be lectured," Tomas Berg, the spokesman, said.',
    # a subject that runs past nine words before its verb
    "‘We will not be lectured by anyone,’ Tomas Berg, the Ostland member of the country's three-person "
    "presidency, told the assembly before the vote.",
])
def test_a_quote_attributed_to_a_subject_with_an_apposition_stays_direct(extractor, text):
    # the comma before "said" closes the apposition; the quote is not a clause that runs up to it
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("direct", "Tomas Berg")
    assert quote.text.startswith("We will not be lectured")


def test_the_next_sentence_s_subject_does_not_attribute_a_quote(extractor):
    text = ('In Libreville, opposition deputy Ana Ruiz countered that the court was better than "another forty '
            'years of smiles and communiques". Tomas Berg, secretary general of the regional bloc, said the bloc '
            'welcomed the pledge.')
    quotes = extractor(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("mixed", "Ana Ruiz"), ("indirect", "Tomas Berg")]


@pytest.mark.parametrize("verb", ["countered", "retorted", "answered", "reaffirmed", "emailed", "replied", "responded"])
def test_more_speech_verbs_take_a_content_clause(extractor, verb):
    [quote] = extractor(f"Ana Ruiz {verb} that the border would be settled by the two capitals alone.")
    assert (quote.kind, quote.speaker) == ("indirect", "Ana Ruiz")
    assert quote.text == "the border would be settled by the two capitals alone"


def test_a_reporter_s_question_is_not_given_to_the_person_who_answers_it(extractor):
    text = ('In Doha, a reporter asked the spokesman, Tomas Berg: "Will Ostland be invited to the next round?" '
            'Berg answered: "We see no need to add anyone to it today."')
    assert [q.speaker for q in extractor(text)] == ["a reporter", "Tomas Berg"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("ISLAMABAD: Westland has written to the Security Council seeking an urgent meeting, Foreign Minister Ana "
     "Ruiz announced on Thursday.", "Ana Ruiz"),
    ("OSTBURG, June 10 (EFE) — Westland's foreign minister, Ana Ruiz, said on Tuesday that the country would "
     "accept the court's ruling.", "Ana Ruiz"),
    ("TOKYO, Feb. 7 (Kyodo) -- Westland will seek a treaty through direct negotiations, Chief Cabinet Secretary "
     "Ana Ruiz said Friday.", "Ana Ruiz"),
])
def test_datelines_of_wire_and_daily_copy_are_not_speakers(extractor, text, speaker):
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("indirect", speaker)
    assert not quote.text.startswith(("ISLAMABAD", "OSTBURG", "TOKYO"))


def test_an_announced_object_is_not_a_clause_first_report(extractor):
    text = ("The two leaders met on Wednesday for the first time in five years, two days after Westland announced "
            "a patrolling arrangement along the border.")
    assert extractor(text) == []


@pytest.mark.parametrize("text", [
    'Tomas Berg posted on X that Westland "stands ready to help" both sides.',
    "Former prime minister Tomas Berg, who lost the election in May, posted on Facebook that the new government "
    "had 'thrown away' a strong case.",
])
def test_a_post_that_reports_a_statement_is_a_quote(extractor, text):
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("mixed", "Tomas Berg")


def test_according_to_opening_a_paragraph_after_a_quote(extractor):
    # the parser ran the sentence across the paragraph break, and the report was lost
    text = ('"We have the wisdom to handle our differences through dialogue and consultation."\n\n'
            'According to the spokesperson, consultations on a code of conduct have entered a "critical stage", '
            'and the next round will be held in Kuala Lumpur in September.')
    quotes = extractor(text)
    assert [q.kind for q in quotes] == ["direct", "mixed"]
    assert quotes[1].speaker == "the spokesperson" and quotes[1].text.startswith("consultations on a code")


def test_a_lede_report_followed_by_a_quoted_paragraph(extractor):
    # the parser may hang the next paragraph's quote on the lede's verb as a second content clause
    text = ('TOKYO, Feb. 7 (Kyodo) -- Westland will continue to seek a treaty through direct negotiations, Chief '
            'Cabinet Secretary Ana Ruiz said Friday, the annual "Northern Islands Day."\n\n'
            '"Our basic policy remains unchanged. We will pursue it through negotiations with Ostland," Ruiz told '
            'a regular press conference.')
    quotes = extractor(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("indirect", "Ana Ruiz"), ("direct", "Ana Ruiz")]


def test_the_role_given_beside_a_name_resolves_a_later_description(extractor):
    text = ("Tomas Berg, the ministry's press counselor, said the navy had made 312 patrols.\n\n"
            'Ana Ruiz said the talks would go on.\n\n'
            '"It is not a forum for sovereignty questions," the counselor replied.')
    assert [q.speaker for q in extractor(text)] == ["Tomas Berg", "Ana Ruiz", "Tomas Berg"]


def test_a_qualified_description_resolves_to_the_person_whose_title_it_repeats(extractor):
    text = ("Palace Spokeswoman Lena Marsh said the talks would stay direct.\n\n"
            "Foreign Minister Ana Ruiz said Westland would accept a mediator.\n\n"
            "Asked about the offer, the palace official said no request had been received.")
    assert [q.speaker for q in extractor(text)] == ["Lena Marsh", "Ana Ruiz", "Lena Marsh"]
    # a qualifier that no named person's title carries leaves the description as written
    other = text.replace("the palace official", "the army official")
    assert extractor(other)[-1].speaker == "the army official"
    # and so does a qualifier that says nothing about the office
    vague = text.replace("the palace official", "the senior official")
    assert extractor(vague)[-1].speaker == "the senior official"
    # nor does an unnamed source, who is seldom the titled person
    source = text.replace("the palace official", "the palace source")
    assert extractor(source)[-1].speaker == "the palace source"


@pytest.mark.parametrize(("text", "speaker", "content"), [
    # a report inside a report: the speaker is the innermost one, the text its clause
    ("Ambassador Tomas Berg stressed that any agreement must be endorsed by the council, the Ministry of Foreign "
     "Affairs said in a press release.", "Tomas Berg", "any agreement must be endorsed by the council"),
    ("The talks will resume in May, the Ministry of Foreign Affairs said.", "the Ministry of Foreign Affairs",
     "The talks will resume in May"),
    ("Westland has declined an offer to host the next round, the state news agency Westpress reported.",
     "Westpress", "Westland has declined an offer to host the next round"),
])
def test_trailing_attributions_name_the_whole_subject(extractor, text, speaker, content):
    [quote] = extractor(text)
    assert (quote.speaker, quote.text) == (speaker, content)


@pytest.mark.parametrize(("text", "speaker", "content"), [
    # the guidelines give a nested report to the innermost speaker
    ("Tomas Berg said Ana Ruiz had told him that the talks would stay bilateral.", "Ana Ruiz",
     "the talks would stay bilateral"),
    ("A statement from the presidency said President Ana Ruiz had assured the three leaders that the bloc would "
     "reconvene them within a week.", "Ana Ruiz", "the bloc would reconvene them within a week"),
    # a position the speaker states about a country or a ruling stays the speaker's
    ("Tomas Berg said Westland had proposed that the ministers meet on the border.", "Tomas Berg",
     "Westland had proposed that the ministers meet on the border"),
])
def test_a_nested_report_of_telling_goes_to_the_innermost_speaker(extractor, text, speaker, content):
    [quote] = extractor(text)
    assert (quote.speaker, quote.text) == (speaker, content)


def test_state_agency_copy_names_the_minister_given_in_apposition(extractor):
    text = ("OSTBURG, June 3 (Westpress) - Westland's Foreign Minister, Tomas Berg, received the Ostland Ambassador, "
            "Ana Ruiz, in his office on Tuesday.\n\n"
            "The Minister affirmed that Westland values the stance of Ostland.\n\n"
            "For her part, the Ostland envoy stressed that the security of Westland is part of Ostland's own.")
    speakers = [q.speaker for q in extractor(text)]
    # "the Ostland envoy" is Ana Ruiz, "the Ostland Ambassador", whom no rule links to it yet; it is
    # not the minister
    assert speakers[0] == "Tomas Berg" and speakers[1] != "Tomas Berg"


@pytest.mark.parametrize("name", ["attribution_challenge", "attribution_heldout", "published_formats",
                                  "published_formats_2", "published_formats_3"])
def test_the_benchmark_attribution_files_are_valid_gold(name):
    from pathlib import Path

    from stance.gold import read_gold

    articles = read_gold(Path(__file__).parents[1] / "benchmarks" / "data" / f"{name}.jsonl")
    quotes = [q for a in articles for q in a.quotes]
    assert len(articles) >= 16 and len(quotes) >= 160
    assert {q.kind for q in quotes} == {"direct", "indirect", "mixed"}
    assert {q.stance for q in quotes} == {"mediation", "bilateral", "neutral", "unrelated"}
    assert all(a.text[q.start:q.end] == q.text for a in articles for q in a.quotes)


@pytest.mark.parametrize("text", [
    "Tomas Berg said Ana Ruiz had never said that the talks would stay bilateral.",
    "Tomas Berg denied that Ana Ruiz had told him the talks would stay bilateral.",
    "Tomas Berg said Ana Ruiz should tell Ostland that the talks would stay bilateral.",
    "Tomas Berg said Westland had told Ostland that the talks would stay bilateral.",
])
def test_a_report_that_someone_did_not_or_should_say_something_stays_the_reporter_s(extractor, text):
    [quote] = extractor(text)
    assert quote.speaker == "Tomas Berg"


@pytest.mark.parametrize(("text", "speaker"), [
    ("The talks will fail, Ana Ruiz warned lawmakers.", "Ana Ruiz"),
    ("The talks will fail, Ana Ruiz told the broadcaster BRT.", "Ana Ruiz"),
    # a full stop outside the closing mark: the next sentence names the speaker when nothing before does
    ('"We will never accept a mediator on this issue". Ana Ruiz said this on Friday in Geneva.', "Ana Ruiz"),
    ("On Tuesday Tomas Berg said the talks would go on.", "Tomas Berg"),
    ('Envoy Tomas Berg arrived on Monday.\n\n"We remain available," the envoy to Ostland said.', "Tomas Berg"),
    # a place named in two parts before a title: the parser makes the first part the subject
    ("Jammu and Kashmir Chief Minister Tomas Berg said the ceasefire must hold.", "Tomas Berg"),
    ("Jammu and Kashmir Chief Minister Tomas Berg wrote on X: \u201cLet this silence hold.\u201d", "Tomas Berg"),
])
def test_near_misses_of_the_attribution_rules(extractor, text, speaker):
    assert [q.speaker for q in extractor(text)][-1] == speaker


def test_a_fragment_inside_narration_is_not_attributed_by_the_next_sentence(extractor):
    text = ('Prime Minister Tomas Berg thanked the president on X "for leading the way and for everything he did". '
            'Deputy Prime Minister Ana Ruiz said the ceasefire would hold.')
    assert [q.speaker for q in extractor(text)] == ["Tomas Berg", "Ana Ruiz"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("A source close to Tomas Berg said the talks would resume.", "A source close to Tomas Berg"),
    ("A lawyer for Tomas Berg said the talks would resume.", "A lawyer for Tomas Berg"),
    ("NEW DELHI, June 19 (PTI): Westland will not accept mediation, Foreign Minister Ana Ruiz said on Tuesday.",
     "Ana Ruiz"),
])
def test_more_descriptions_and_datelines(extractor, text, speaker):
    [quote] = extractor(text)
    assert quote.speaker == speaker
    assert not quote.text.startswith("NEW DELHI")


def test_a_transcript_s_first_label_is_not_taken_for_a_dateline():
    from stance.extract import _mask_datelines

    transcript = "KUMAR: We have said it many times.\n\nQUESTION: Will you accept a mediator?\n\nKUMAR: No."
    assert _mask_datelines(transcript) == transcript
    article = "ISLAMABAD: Westland said it would talk.\n\nThe minister added that the talks would go on."
    assert _mask_datelines(article).startswith(" " * len("ISLAMABAD: ") + "Westland")
    # a later chunk of a long article does not open the article
    assert _mask_datelines(article, start=False) == article


@pytest.mark.parametrize(("text", "speaker"), [
    # a title abbreviated with a stop is not part of the name
    ("Foreign Minister Tomas Brandt flew in on Monday. Mr. Brandt said the next round would be in Geneva.",
     "Tomas Brandt"),
    ("Lt. Gen. Karl Weber commands the mission. Gen. Weber said the ceasefire was holding.", "Karl Weber"),
    # one of two surnames, a surname without its particle, a surname before a suffix
    ("Tomas Ortega Vidal chairs the commission. Ortega said the talks would resume.", "Tomas Ortega Vidal"),
    ("Hamid al-Rashidi leads the council. Rashidi said the talks would resume.", "Hamid al-Rashidi"),
    ("Carlos Mendez Jr. leads the council. Mendez said the talks would resume.", "Carlos Mendez Jr."),
    # names with lower-case particles are known in full
    ("Foreign Minister Faris bin Saad Al Harbi met the envoys. Al Harbi said the talks would resume.",
     "Faris bin Saad Al Harbi"),
    ("Prime Minister Sheikh Khalid bin Hamad Al Nuri flew in on Monday. Sheikh Khalid said the venue was open.",
     "Khalid bin Hamad Al Nuri"),
    ("President Joao Marcos Lima da Costa arrived on Monday. Lima said the venue was open.", "Joao Marcos Lima da Costa"),
])
def test_a_later_mention_names_the_full_name_it_shortens(extractor, text, speaker):
    assert [q.speaker for q in extractor(text)] == [speaker]


def test_she_and_he_skip_people_the_article_marks_as_the_other_gender(extractor):
    text = ("Foreign Minister Lena Varga met the envoy Tomas Brandt in Vienna on Monday.\n\n"
            "Ms Varga said the talks had been useful. Mr. Brandt said the next round would be in Geneva.\n\n"
            '"We are not asking anyone to mediate," she said.\n\n'
            '"Geneva suits everyone," he said.')
    assert [q.speaker for q in extractor(text)] == ["Lena Varga", "Tomas Brandt", "Lena Varga", "Tomas Brandt"]
    # a spokeswoman named beside her role counts too; a name the article never marks stays a candidate
    text = ("The spokeswoman for the ministry, Ana Ruiz, met Mr Olsen on Friday. Mr Olsen said the date was open.\n\n"
            '"Nothing is settled," she told reporters.')
    assert [q.speaker for q in extractor(text)][-1] == "Ana Ruiz"
    text = "Ana Ruiz met Karl Olsen on Friday. Olsen said the date was open.\n\n\"Nothing is settled,\" she said."
    assert [q.speaker for q in extractor(text)][-1] == "Karl Olsen"


def test_the_ministry_is_the_ministry_last_named_in_full(extractor):
    text = ("Westland's foreign ministry said on Monday that the talks would stay bilateral.\n\n"
            "The ministry added that no envoy had been invited.")
    assert [q.speaker for q in extractor(text)] == ["Westland's foreign ministry"] * 2
    # with nothing to refer back to, the description stays as written
    assert [q.speaker for q in extractor("The ministry said that no envoy had been invited.")] == ["The ministry"]


@pytest.mark.parametrize(("text", "speaker"), [
    # a form of address between "and" and a name is not an office that makes the second person the speaker
    ("Berg and Dr. Ruiz said the talks would resume on Monday.", "Berg"),
    ("Carlos Mendez Jr. leads the council. Mendez Jr. said the talks would resume.", "Carlos Mendez Jr."),
    # "Ms Varga" could be either Varga, so "he" may still be Peter Varga
    ('Lena Varga arrived with her husband Peter Varga. Ms Varga thanked the hosts.\n\nKarl Olsen met them. '
     'Peter Varga said the trip had been long.\n\n"It was worth it," he said.', "Peter Varga"),
    # "Sheikh" stands in women's names too
    ('Prime Minister Sheikh Amina Rahman met Karl Olsen on Monday. Sheikh Amina said the visit was useful.\n\n'
     '"We will return," she said.', "Amina Rahman"),
])
def test_titles_suffixes_and_gender_near_misses(extractor, text, speaker):
    assert [q.speaker for q in extractor(text)][-1] == speaker


def test_a_transcript_label_in_capitals_gives_the_name_as_the_article_spells_it(extractor):
    text = ("Foreign Minister Ana Ruiz of Westland said the meeting would go on.\n\n"
            "At the closing press conference, Ana Ruiz took questions.\n\n"
            "QUESTION: Will the bloc mediate between the two claimants?\n\n"
            "ANA RUIZ: That is not something the bloc imposes on anyone. If both want our help, we are here.\n\n"
            "QUESTION: And the ministerial meeting?\n\n"
            "ANA RUIZ: Yes, the ministerial meeting is on Friday morning, and the summit after it.")
    assert [q.speaker for q in extractor(text)] == ["Ana Ruiz", "a reporter", "Ana Ruiz", "a reporter", "Ana Ruiz"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("President Ana Ruiz hailed the ruling on X.\n\n“Today we won. Now it is time to sit down with Marisca, the two "
     "of us.” — Ana Ruiz (@anaruiz) July 13, 2023\n\nOthers were silent.", "Ana Ruiz"),
    ("Westland President Ana Ruiz offered to help.\n\n“We stand ready to mediate their border dispute. Thank you!” "
     "— Ana M. Ruiz (@RuizOfficial) May 27\n\nNeither capital replied.", "Ana Ruiz"),
    ('The minister posted a reply.\n\n"No outside party has a role in this." - Karl Olsen (@KarlOlsenMFA) March 3, 2024',
     "Karl Olsen"),
])
def test_an_embedded_post_is_a_quote_of_the_account_that_signs_it(extractor, text, speaker):
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("direct", speaker)
    assert quote.text.startswith(("Today", "We stand", "No outside")) and "@" not in quote.text


def test_a_colon_paragraph_introduces_the_quote_even_when_the_parser_runs_on_into_it(extractor):
    text = ("The panel drew different readings on Monday.\n\n"
            "The government spokesman, Ana Ruiz, read a statement at the presidency:\n\n"
            "“President Karl Olsen is convinced that the crisis can be resolved through dialogue. He welcomes the panel.”"
            "\n\nThe other camp disagreed.")
    assert [q.speaker for q in extractor(text)] == ["Ana Ruiz"]


@pytest.mark.parametrize(("intro", "speaker"), [
    ("Foreign Minister Ana Ruiz, who led the delegation, wrote on X:", "Ana Ruiz"),
    ("In Valdor, Karl Olsen took to Twitter:", "Karl Olsen"),
    ("The envoy, Lina Okafor, thanked the hosts in a post on X:", "Lina Okafor"),
])
def test_a_post_reproduced_without_quotation_marks_after_its_introduction(extractor, intro, speaker):
    text = (f"Talks ended on Monday.\n\n{intro}\n\n"
            "The truce holds from tonight. Attacks from across the border are to stop.\n\nOthers were silent.")
    [quote] = extractor(text)
    assert (quote.text, quote.kind, quote.speaker) == (
        "The truce holds from tonight. Attacks from across the border are to stop.", "direct", speaker)


def test_a_post_without_quotation_marks_signed_on_the_next_line_is_its_author_s(extractor):
    text = ("Talks resumed on Monday.\n\n15:10\nThe bloc's envoy for the region has reacted:\n\n"
            "Good to see both delegations at work. We stand ready to support any agreement, if both sides so wish.\n"
            "— Lina Okafor (@LinaOkaforEU) May 14, 2025\n\n15:35\nThe session has ended.")
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("direct", "Lina Okafor")
    assert quote.text.startswith("Good to see") and quote.text.endswith("if both sides so wish.")


def test_a_post_introduced_by_a_name_in_apposition_is_the_name_s(extractor):
    # the parser reads "spokesman, Karl Olsen, posted on X:" as a noun phrase, or runs it on into the post
    text = ("Talks resumed on Monday.\n\n14:20\nWestland's foreign ministry spokesman, Karl Olsen, posted on X:\n\n"
            "Valdor has always held that the treaty must be negotiated by the two states alone, without "
            "intermediaries. Today's format reflects that principle.")
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("direct", "Karl Olsen")


@pytest.mark.parametrize(("text", "quoted", "speaker"), [
    ('Westland\'s ambassador, Lina Okafor, posted on X with two words: "Welcome news."', "Welcome news.",
     "Lina Okafor"),
    ('Former minister Karl Olsen replied to the ambassador: "Thank you, Ambassador."', "Thank you, Ambassador.",
     "Karl Olsen"),
    ('Asked about the offer, Ana Ruiz said simply: "No."', "No.", "Ana Ruiz"),
])
def test_a_short_whole_sentence_after_an_attribution_and_a_colon_is_a_quote(extractor, text, quoted, speaker):
    assert [(q.text, q.speaker) for q in extractor(text) if q.kind == "direct"] == [(quoted, speaker)]


def test_a_short_quotation_after_a_colon_in_a_reported_clause_is_no_quote_of_its_own(extractor):
    assert [q.text for q in extractor('The envoy said the plan had a name: "Open Door."')
            if q.kind == "direct"] == []


@pytest.mark.parametrize("intro", [
    "The offer had three parts:",  # a list, not a post
    "Ana Ruiz met the envoys on Monday and set out the plan:",  # no post named
])
def test_a_paragraph_after_a_colon_is_not_a_post_without_a_post_named(extractor, intro):
    text = f"Talks ended on Monday.\n\n{intro}\n\nA ceasefire, a border commission and a vote within the year.\n\nNo more."
    assert extractor(text) == []


@pytest.mark.parametrize(("name", "label"), [
    ("Roberto Álvarez", "ÁLVAREZ"),
    ("Marek Šefčovič", "ŠEFČOVIČ"),  # capitals beyond Latin-1
    ("Anna Łukasiewicz", "Ms. Łukasiewicz"),
    ("Mevlüt Çelikoğlu", "ÇELİKOĞLU"),
])
def test_a_transcript_label_may_begin_with_an_accented_capital(extractor, name, label):
    text = (f"Foreign Minister {name} took questions at the weekly briefing.\n\n"
            "Q: Will Westland accept the technical commission the neighbours have proposed?\n\n"
            f"{label}: The old treaty already created the bodies we need, and our engineers are ready.\n\n"
            "Q: When will visas be restored?\n\n"
            f"{label}: That is under review, and I will not give you a date today.")
    assert [q.speaker for q in extractor(text)] == ["a reporter", name] * 2


@pytest.mark.parametrize("text", [
    "Thousands took to the streets of Valdor on Sunday, and opposition leader Karl Olsen said:\n\n"
    "The crowd then marched to the parliament building, where police fired tear gas.",
    "The ministry posted the following figures on Monday:\n\n• 1,203 new infections in the capital region\n\n"
    "• 14 deaths in the north",
    "She posted a photo of the meeting on Instagram, with a caption:\n\nIn the photo, the two are seen shaking hands.",
    "Karl Olsen, who was posted to Valdor as ambassador in 2019, wrote:\n\nThe embassy was later closed and its staff sent home.",
    "Ana Ruiz tweeted on Monday:\n\nWestland Foreign Ministry (@WestlandMFA) March 3, 2024",
    "Ana Ruiz wrote on X:\n\n— Ana Ruiz (@anaruiz) May 27, 2020",
    "“We will never give up our land to anyone,” Olsen vows in fiery new post (@kolsen)",
])
def test_near_misses_of_posts_and_signatures_are_not_quotes(extractor, text):
    assert extractor(text) == []


@pytest.mark.parametrize(("text", "speaker"), [
    # a name of initials alone is kept as written (and does not stop the article)
    ("The court met on Monday. Ana Ruiz attended.\n\nDefence lawyer T. M. K. said on Monday that the ruling would be "
     "appealed.", "T. M. K."),
    # a name spelt in full is not traded for a relative's with a suffix
    ("Karl M. Olsen spoke first. Then Karl Olsen Jr., his son, spoke.\n\nKarl M. Olsen said the talks had failed.",
     "Karl M. Olsen"),
    ("Ana Ruiz met the envoys.\n\n“Marisca must withdraw now and talk to us directly.”. ― Ana Ruiz (@anaruiz) May 2",
     "Ana Ruiz"),
    ("Talks ended.\n\nKarl Olsen replied on Facebook:\n\nNobody asked Westland to mediate, and nobody will.", "Karl Olsen"),
])
def test_initials_suffixes_and_signature_variants(extractor, text, speaker):
    assert [q.speaker for q in extractor(text)] == [speaker]


def test_a_single_quoted_quotation_with_a_double_quoted_one_inside_is_one_quote(extractor):
    text = ("In Stanley the mood was defiant. 'Our message to Valdor is simple,' said Ana Ruiz, a member of the "
            "assembly. 'If Valdor wants a relationship with us, it should talk to us, not lobby committees about "
            "\"the question of the islands\".'\n\nThe session ended.")
    quotes = extractor(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", "Ana Ruiz")] * 2
    assert quotes[1].text.startswith("If Valdor") and quotes[1].text.endswith('"the question of the islands".')
    # American style, single marks inside double ones, is unchanged
    [quote] = extractor('"He called it \'a farce\', and we agree," the envoy said.')
    assert quote.text == "He called it 'a farce', and we agree"


@pytest.mark.parametrize(("text", "speaker"), [
    ("The Deputy Prime Minister for Reintegration of the Republic of Westland, Karl Olsen, took a cautious line.\n\n"
     '"We prefer working meetings directly with Valdor," the deputy prime minister said.', "Karl Olsen"),
    ("The Official Representative of the Ministry of Foreign Affairs, Lina Okafor, rejected the offer.\n\n"
     "According to the official representative, Westland remains open to dialogue with Valdor.", "Lina Okafor"),
])
def test_a_qualified_role_given_beside_a_name_resolves_later(extractor, text, speaker):
    assert [q.speaker for q in extractor(text)] == [speaker]


def test_a_deputy_is_not_the_person_of_the_role_itself(extractor):
    text = ("Prime Minister Ana Ruiz and her deputy met on Monday. The Deputy Prime Minister for Reintegration, "
            'Karl Olsen, took a more cautious line.\n\n"We prefer working meetings," the prime minister said.')
    assert [q.speaker for q in extractor(text)] == ["Ana Ruiz"]


def test_a_signed_post_is_one_quote_even_where_its_words_look_like_a_report(extractor):
    text = ("Talks resumed.\n\n12:20\nAn analyst sums up the deadlock:\n\n"
            "Valdor wants a process it can shape; Westland won't concede there is anything to discuss. Neither a "
            "mediator nor direct talks are on the horizon.\n— Lina Okafor (@lokafor) June 12, 2025")
    [quote] = extractor(text)
    assert (quote.kind, quote.speaker) == ("direct", "Lina Okafor") and quote.text.startswith("Valdor wants")


@pytest.mark.parametrize(("text", "content"), [
    # the reporter's gloss on a place is not part of what was said
    ("Westland said on Monday it had accepted a Valdorian ceasefire proposal, a move that caught Ostland by surprise "
     "and set off a fresh round of shuttle diplomacy.", "on Monday it had accepted a Valdorian ceasefire proposal"),
    ("Ana Ruiz said talks would resume in Geneva, a city that both sides trust.", "talks would resume in Geneva"),
    # a list is kept whole
    ("Foreign Minister Ana Ruiz said Westland was prepared to discuss with the other side a full 30-day ceasefire, "
     "an all-for-all prisoner exchange and a meeting of leaders.",
     "Westland was prepared to discuss with the other side a full 30-day ceasefire, an all-for-all prisoner exchange "
     "and a meeting of leaders"),
    # "denounced that" (a translation's reporting verb) reports
    ("The envoy, Karl Olsen, denounced that the Government of Valdor hides behind foreign courts because it has no "
     "arguments.", "the Government of Valdor hides behind foreign courts because it has no arguments"),
])
def test_indirect_quote_spans_in_translated_and_glossed_copy(extractor, text, content):
    [quote] = extractor(text)
    assert (quote.kind, quote.text) == ("indirect", content)


def test_a_repost_with_words_of_its_own_is_a_quote_of_the_reposter(extractor):
    [quote] = extractor('Former minister Karl Olsen reposted the ambassador\'s message: "Thank you, Ambassador."')
    assert (quote.text, quote.speaker) == ("Thank you, Ambassador.", "Karl Olsen")


@pytest.mark.parametrize(("text", "expected"), [
    # an appositive without a relative clause is the speaker's own claim
    ("Karl Olsen said Valdor wanted only one thing, a veto over the dam.",
     [("indirect", "Karl Olsen", "Valdor wanted only one thing, a veto over the dam")]),
    ("Ana Ruiz said the talks were a trap, a ploy by Valdor to buy time.",
     [("indirect", "Ana Ruiz", "the talks were a trap, a ploy by Valdor to buy time")]),
    # a signed line that holds a quotation, or narration about the signer, is not the post's own words
    ('Talks resumed on Monday.\n\nKarl Olsen, the bloc\'s envoy, wrote: "Good to see both delegations at work."\n'
     "— Karl Olsen (@kolsen) May 14, 2025", [("direct", "Karl Olsen", "Good to see both delegations at work.")]),
    ("Ana Ruiz welcomed the talks on X, saying they were a first step towards a treaty.\n"
     "— Ana Ruiz (@anaruiz) May 14, 2025", [("indirect", "Ana Ruiz", "they were a first step towards a treaty")]),
    # a signature's organisation keeps its name, a person's loses titles and emoji
    ("Talks resumed.\n\nThe ministry reacted:\n\nWe will not accept mediation by any third country.\n"
     "— Foreign Ministry of Westland (@WestlandMFA) May 14, 2025",
     [("direct", "Foreign Ministry of Westland", "We will not accept mediation by any third country.")]),
    ("Talks resumed.\n\nThe envoy reacted:\n\nWe stand ready to help both sides.\n"
     "— Ambassador Lina Okafor \U0001F1FC\U0001F1F1 (@LinaOkaforEU) May 14, 2025",
     [("direct", "Lina Okafor", "We stand ready to help both sides.")]),
    # a deputy given in apposition is not "the foreign minister"
    ("Westland's Foreign Minister, Ana Ruiz, met the Deputy Foreign Minister of Valdor, Karl Olsen, in Nordvik.\n\n"
     '"We are ready to sign without any broker," the foreign minister said.',
     [("direct", "Ana Ruiz", "We are ready to sign without any broker")]),
    # the interviewee, not the person whose deputy they are
    ("After the vote we spoke to Ana Ruiz's deputy, Karl Olsen, about the offer.\n\n"
     "Q: Will the bloc mediate between the two banks?\n\nA: Only if both capitals ask it to, and only one has.\n\n"
     "Q: And if Valdor never asks?\n\nA: Then we will keep talking to Valdor directly, as we always have.",
     [("direct", "a reporter", "Will the bloc mediate between the two banks?"),
      ("direct", "Karl Olsen", "Only if both capitals ask it to, and only one has."),
      ("direct", "a reporter", "And if Valdor never asks?"),
      ("direct", "Karl Olsen", "Then we will keep talking to Valdor directly, as we always have.")]),
    # "his" with two men named before it is left as it is
    ("Ana Ruiz criticised Karl Olsen on Monday. His spokesman said the criticism was unfair.",
     [("indirect", "His spokesman", "the criticism was unfair")]),
    # a name, a headline or a statement noun-complement are not words said
    ('The envoy announced the plan\'s name: "Open Door."', []),
    ('Karl Olsen posted the newspaper\'s front page on X: "Peace at last?"', []),
    ("Ana Ruiz denounced the claim, made by Valdorian officials, that the dam was legal.", []),
    # someone else's post reposted, or a post introduced by what it is rather than who posted it
    ("Talks resumed.\n\nKarl Olsen retweeted a statement by the Valdor foreign ministry:\n\n"
     "We will not accept mediation by any third country. The dispute is bilateral.", []),
    ("Talks resumed.\n\nA video posted on X by Westland's foreign ministry:\n\n"
     "We will not accept mediation by any third country. The dispute is bilateral.", []),
])
def test_near_misses_of_the_post_transcript_and_role_rules(extractor, text, expected):
    assert [(q.kind, q.speaker, q.text) for q in extractor(text)] == expected


@pytest.mark.parametrize("labels", [("NR", "IB"), ("KO", "AR")])
def test_initials_are_an_interviewer_only_beside_an_interviewee_in_an_interview(extractor, labels):
    # both sides in initials, or a debate (no interview said): the labels stay speakers of their own
    asker, other = labels
    text = (f"Two guests debated on Nordvik Radio on Sunday.\n\n{asker}: Is the bloc's offer to mediate still open?\n\n"
            f"{other}: Why would it not be open?\n\n{asker}: Has Valdoria answered the bloc?\n\n"
            f"{other}: Not yet, but we expect an answer before the summit.")
    assert "a reporter" not in [q.speaker for q in extractor(text)]


def test_a_transcript_answer_may_run_on_in_a_paragraph_without_a_label(extractor):
    text = ("Spokesperson Ana Ruiz took questions at the regular briefing.\n\n"
            "ANA RUIZ: Good afternoon. I have one announcement about the minister's visit next week.\n\n"
            "As for the border, Westland keeps all options open, including direct talks and the court.\n\n"
            "Q (Reuters): Will Westland accept the bloc's offer to mediate?\n\n"
            "ANA RUIZ: We have received the offer and are studying it.\n\nQ: When will the minister travel?\n\n"
            "ANA RUIZ: On Monday.\n\nThe briefing ended after forty minutes.")
    quotes = extractor(text)
    assert [q.speaker for q in quotes] == ["Ana Ruiz", "Ana Ruiz", "a reporter from Reuters", "Ana Ruiz", "a reporter",
                                           "Ana Ruiz"]
    assert quotes[1].text.startswith("As for the border") and quotes[-1].text == "On Monday."


def test_a_speaker_hung_on_a_leading_participle_phrase_is_found(extractor):
    # the parser makes the subject an apposition of the place in "Speaking in X, ..."
    [quote] = extractor("Speaking in Buenos Aires, Argentina's foreign minister, Lucía Ferrer Oyhanarte, said: "
                        "'Resolution 2065 asks both countries to negotiate.'")
    assert quote.speaker == "Lucía Ferrer Oyhanarte"


@pytest.mark.parametrize(("text", "speaker"), [
    ("Westland's foreign minister, Oleh Marchuk, said the bloc should take part in the next round.\n\n"
     "Karl Olsen, the Valdorian deputy foreign minister who will lead the delegation, struck a similar note. "
     '"The substance will be discussed face to face," the deputy minister said.', "Karl Olsen"),
    ('Foreign Minister Ana Ruiz spoke first. "We are ready," the deputy minister said.', "the deputy minister"),
])
def test_the_deputy_minister_is_not_the_minister(extractor, text, speaker):
    assert [q.speaker for q in extractor(text)][-1] == speaker


@pytest.mark.parametrize(("text", "speakers"), [
    # a ministry's transcript: the office and the name in one label
    ("Transcript of the weekly media briefing\n\n"
     "Official Spokesperson, Shri Karl Olsen: Good afternoon. I have two announcements to begin with.\n\n"
     "Question: Did Westland ask for any mediation on the river?\n\n"
     "Official Spokesperson, Shri Karl Olsen: All issues with Valdor are discussed only bilaterally.\n\n"
     "Question: Would Westland accept the bloc's observers?\n\n"
     "Official Spokesperson, Shri Karl Olsen: The observers have outlived their relevance.",
     ["Karl Olsen", "a reporter", "Karl Olsen", "a reporter", "Karl Olsen"]),
    # a recording's timestamps before the labels
    ("The podcast spoke to the envoy Ana Ruiz.\n\n[00:12:31] KARL OLSEN: Welcome back. Are the talks dead?\n\n"
     "[00:12:40] ANA RUIZ: They are frozen, not dead, and the guarantors are still in touch.\n\n"
     "[00:13:22] KARL OLSEN: Would you drop the guarantor countries altogether?\n\n"
     "[00:13:35] ANA RUIZ: No. The guarantors are what made this process possible.",
     ["Karl Olsen", "Ana Ruiz", "Karl Olsen", "Ana Ruiz"]),
    # a parliamentary record: numbered questions, constituency and party, an office with its holder
    ("Westland: Treaty Negotiations\n\n"
     "1. Mrs Lina Okafor (Northfield) (Con): What recent progress he has made in the negotiations with Valdor.\n\n"
     "The Minister of State, Foreign Office (Mr Karl Olsen): We have made real progress in Brussels last week.\n\n"
     "Mrs Okafor: Will he make it clear that we will not accept any role for the UN in this?\n\n"
     "Mr Olsen: I can give my hon. Friend that assurance, and I do so gladly.",
     ["Lina Okafor", "Karl Olsen", "Lina Okafor", "Karl Olsen"]),
])
def test_transcript_labels_of_ministries_recordings_and_parliaments(extractor, text, speakers):
    assert [q.speaker for q in extractor(text)] == speakers


@pytest.mark.parametrize("text", [
    'The panel said as much in a document titled "Final Report: The Valdor Dam Project" last year.',
    "The operation, dubbed \u201cRiver Shield\u201d by the army, began on Monday.",
])
def test_a_quoted_title_is_not_a_quote(extractor, text):
    assert [q for q in extractor(text) if q.kind == "direct"] == []


@pytest.mark.parametrize(("text", "content"), [
    # the second clause of the report, in reported-speech tense, is still what was said
    ("The secretary-general said that the two governments were best placed to manage their waters, but the bloc "
     "would accompany any process they chose.",
     "the two governments were best placed to manage their waters, but the bloc would accompany any process they "
     "chose"),
    # narration after the report is not
    ("Ana Ruiz said that the talks would resume, but the talks collapsed on Monday.", "the talks would resume"),
])
def test_a_reported_clause_joined_to_the_report_belongs_to_it(extractor, text, content):
    [quote] = extractor(text)
    assert quote.text == content


def test_un_meeting_coverage_names_each_delegation_s_representative(extractor):
    text = ("The representative of Westland, speaking also for Ostland, said that the primary responsibility for a "
            "settlement lay with the parties themselves. The people had waited too long, he added.\n\n"
            "The representative of the Valdorian Federation said that the draft was a politicized text.\n\n"
            "The representative of Ostland said that the bloc should give the envoy its full backing.")
    assert [q.speaker.lower() for q in extractor(text)] == [
        "the representative of westland", "the representative of westland",
        "the representative of the valdorian federation", "the representative of ostland"]


REPRODUCED = ("Westland on Monday called on the bloc to intervene over renewed troop movements.\n\n"
              "The statement, issued by the Ministry of Foreign Affairs in Nordvik, is reproduced in full below.\n\n"
              "PRESS RELEASE\n\n"
              "The Ministry of Foreign Affairs of Westland notes with deep concern reports of renewed troop movements.\n\n"
              "Westland calls on the bloc to lend its good offices so that the border may be demarcated.\n\n"
              "Nordvik, 16 September 2024\n\n"
              "{end}"
              "Valdor's ministry of information said the allegations were fabricated.")


def test_a_statement_printed_in_full_is_quoted_paragraph_by_paragraph():
    from stance.extract import extract_quotes

    quotes = extract_quotes(REPRODUCED.format(end="— ENDS —\n\n"))
    assert [(q.kind, q.speaker) for q in quotes[:2]] == [("direct", "the Ministry of Foreign Affairs")] * 2
    assert quotes[0].text.startswith("The Ministry of Foreign Affairs of Westland notes")
    assert quotes[1].text.startswith("Westland calls on the bloc")
    assert all("16 September" not in q.text for q in quotes)


@pytest.mark.parametrize("text", [
    # no introduction that says the text follows in full
    REPRODUCED.format(end="— ENDS —\n\n").replace(", is reproduced in full below", " was issued in Nordvik"),
])
def test_a_heading_without_a_statement_printed_in_full_quotes_nothing_by_itself(extractor, text):
    assert not any(q.speaker and "Ministry of Foreign Affairs" in q.speaker for q in extractor(text))


@pytest.mark.parametrize(("text", "expected"), [
    # the reporter's boilerplate and past-perfect narration after a report stay out of it
    ("Westland's trade minister Karl Olsen said on Monday that the tariff plan was final, but Ana Ruiz, Valdor's "
     "economy minister, could not be reached for comment.", [("indirect", "Karl Olsen", "the tariff plan was final")]),
    ("Valdor's army said its forces had taken the town, but Reuters could not independently verify the claim.",
     [("indirect", "Valdor's army", "its forces had taken the town")]),
    ("A ministry spokesman said the government was studying the proposal, but the ministry had not released any "
     "figures by Tuesday evening.", [("indirect", "A ministry spokesman", "the government was studying the proposal")]),
    # a numbered list and a live blog's times of day are not transcripts
    ("The key points of the deal:\n\n1. Tariffs: Westland will cut duties on Valdor's steel by half.\n\n"
     "2. Farming: Valdor will open its market to Westland's grain.\n\n"
     "3. Disputes: A joint panel in Ostland will settle any quarrel over the deal.", []),
    ("Follow our live coverage.\n\n[14:05] Westland Police: Two roads near the border crossing have been closed.\n\n"
     "[14:20] Valdor: Troops have been seen moving towards the river near Ostland.\n\n"
     "[14:32] Westland Police: Residents are asked to stay away from the area.", []),
    # name first, role second; a name spelt only in the labels' capitals
    ("The ministers gave an interview on Sunday.\n\nKARL OLSEN, TRADE MINISTER: We have agreed the outline of a "
     "deal.\n\nANA RUIZ, ECONOMY MINISTER: Nothing is agreed until everything is agreed.\n\n"
     "KARL OLSEN, TRADE MINISTER: Then we will keep talking until it is.",
     [("direct", "Karl Olsen", "We have agreed the outline of a deal."),
      ("direct", "Ana Ruiz", "Nothing is agreed until everything is agreed."),
      ("direct", "Karl Olsen", "Then we will keep talking until it is.")]),
    # "dubbed" after a speaker's words stays a quote
    ('The package, dubbed "the biggest change to our pension system in fifty years" by Prime Minister Ana Ruiz, '
     "goes to parliament next week.",
     [("direct", None, "the biggest change to our pension system in fifty years")]),
])
def test_near_misses_of_the_transcript_title_and_reported_clause_rules(extractor, text, expected):
    assert [(q.kind, q.speaker, q.text) for q in extractor(text)] == expected


def test_an_office_label_may_hold_a_name_without_an_honorific(extractor):
    text = ("Westland: Treaty\n\n1. Mr Karl Olsen (Westbury) (Lab): What progress has the Minister made on the treaty?"
            "\n\nThe Minister of State, Foreign Office (Lina Okafor): We have made real progress this month.\n\n"
            "Mr Olsen: Will she rule out any role for the UN in this?\n\n"
            "The Minister of State, Foreign Office (Lina Okafor): I can give him that assurance.")
    assert [q.speaker for q in extractor(text)] == ["Karl Olsen", "Lina Okafor"] * 2


def test_a_round_up_of_reactions_names_each_speaker():
    from stance.extract import extract_quotes

    signed = ("What they said about the treaty:\n\n"
              "• \u201cWe wrote every word of this text ourselves, across the table from each other.\u201d \u2014 Karl "
              "Olsen, Westland's foreign minister\n\n"
              "\u2022 \u201cThe old contact group is a relic. Nobody in this region needs it any more.\u201d \u2014 Ana "
              "Ruiz, Valdor's foreign ministry spokeswoman")
    labelled = ("Reactions poured in on Monday.\n\n"
                "\u2022 Lina Okafor (Westland's foreign minister): \u201cThe court is the only forum that can give "
                "this region a final answer.\u201d\n\n"
                "\u2022 Tomas Berg (Valdor's vice-president): \u201cValdor does not recognise the jurisdiction of "
                "this court.\u201d\n\n"
                "\u2022 Mara Voss (Ostland's envoy): Ostland will support any formula the two neighbours settle on.")
    assert [q.speaker for q in extract_quotes(signed)] == ["Karl Olsen", "Ana Ruiz"]
    assert [q.speaker for q in extract_quotes(labelled)] == ["Lina Okafor", "Tomas Berg", "Mara Voss"]


def test_a_round_up_names_speakers_described_after_a_comma(extractor):
    text = ("Leaders reacted on Thursday. Here is what they said.\n\n"
            "Lina Okafor, Westland's foreign minister: \u201cThe court is the only forum that can settle this.\u201d\n\n"
            "\u2022 Tomas Berg, Valdor's vice-minister for the region: \u201cValdor does not recognise this court.\u201d\n\n"
            "\u2022 Mara Voss (Ostland's envoy): Ostland will back any formula the two neighbours agree on.\n\n"
            "\u2014 Karl Olsen, a UN spokesman, said the envoy's offer stood.\n\n"
            "\u2022 Dame Ana Ruiz, chair of the regional bloc: \u201cWe stand with both peoples.\u201d\n\n"
            "\u2022 Valdor's foreign ministry, in a note: \u201cValdor asks both sides to talk directly.\u201d")
    assert [(q.kind, q.speaker) for q in extractor(text)] == [
        ("direct", "Lina Okafor"), ("direct", "Tomas Berg"),
        ("indirect", "Mara Voss"),  # a list item in the writer's words reports what was said
        ("indirect", "Karl Olsen"),  # a paragraph opening with a dash is an item of its own, not Voss's answer
        ("direct", "Ana Ruiz"), ("direct", "Valdor's foreign ministry")]


@pytest.mark.parametrize(("text", "expected"), [
    # narration that opens with a place and a comma is no label, and three items are needed for a round-up
    ("The talks ended on Monday.\n\nIn Valdor, foreign ministry spokeswoman Lina Okafor said: \u201cDifferences "
     "should be settled by the two parties directly.\u201d\n\n\u2022 Tomas Berg, the envoy: \u201cWe are ready.\u201d"
     "\n\n\u2022 Ana Ruiz, the mayor: \u201cWe are ready too.\u201d",
     [("direct", "Lina Okafor", "Differences should be settled by the two parties directly.")]),
    # a description with a reporting verb is a sentence, not a label
    ("The bloc met on Monday.\n\n\u2022 Tomas Berg, the envoy, said: \u201cWe are ready.\u201d\n\n"
     "\u2022 Ana Ruiz, the mayor, told reporters: \u201cWe are not.\u201d\n\n"
     "\u2022 Karl Olsen, the minister, added: \u201cNor are we.\u201d",
     [("direct", "Tomas Berg", "We are ready."), ("direct", "Ana Ruiz", "We are not."),
      ("direct", "Karl Olsen", "Nor are we.")]),
    # without a bullet a label must introduce quoted words: "Name, role: plain text" stays narration
    ("The ministers spoke.\n\nKarl Olsen, the envoy: the talks will resume in May.\n\n"
     "Ana Ruiz, the mayor: the town is calm.\n\nTomas Berg, a farmer: the gate is shut.", []),
])
def test_near_misses_of_the_comma_round_up(extractor, text, expected):
    assert [(q.kind, q.speaker, q.text) for q in extractor(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the writer's paragraphs between round-up items are no one's words
    ("Leaders reacted to the ruling on Thursday.\n\nAna Ruiz, Westland's foreign minister: \u201cWe welcome the "
     "ruling.\u201d\n\nWestland has long backed the court.\n\nTomas Berg, Valdor's envoy: \u201cWe reject it "
     "completely.\u201d\n\nValdor walked out of the hearings in 2022.\n\nMara Voss, Ostland's president: \u201cBoth "
     "sides must now talk.\u201d",
     [("direct", "Ana Ruiz", "We welcome the ruling."), ("direct", "Tomas Berg", "We reject it completely."),
      ("direct", "Mara Voss", "Both sides must now talk.")]),
    # a transcript answer's bulleted points and a dash that carries on the answer stay the speaker's
    ("The minister took questions. Here is a transcript.\n\nQ: What are your priorities?\n\nKARL OLSEN: We have two."
     "\n\n- First, the border crossings must reopen.\n\n\u2014 and I will say it again, the tariffs must go.\n\n"
     "Q: And if Valdor refuses?\n\nKARL OLSEN: Then we will go to the court.",
     [("direct", "a reporter", "What are your priorities?"), ("direct", "Karl Olsen", "We have two."),
      ("direct", "Karl Olsen", "- First, the border crossings must reopen."),
      ("direct", "Karl Olsen", "\u2014 and I will say it again, the tariffs must go."),
      ("direct", "a reporter", "And if Valdor refuses?"), ("direct", "Karl Olsen", "Then we will go to the court.")]),
    # unquoted items in the first person are the speaker's own words
    ("Leaders reacted on Thursday.\n\n\u2022 Ana Ruiz (Westland): We will never accept this ruling.\n\n"
     "\u2022 Tomas Berg (Valdor): I am proud of our lawyers.\n\n\u2022 Mara Voss (Ostland): Both sides must talk.",
     [("direct", "Ana Ruiz", "We will never accept this ruling."), ("direct", "Tomas Berg", "I am proud of our lawyers."),
      ("indirect", "Mara Voss", "Both sides must talk.")]),
    # fact boxes, programmes and captions are no round-ups
    ("Here are the key appointments.\n\n\u2022 Ana Ruiz, foreign minister: a career diplomat, she served in Lima."
     "\n\n\u2022 Karl Olsen, finance minister: a former central banker.\n\n\u2022 Tomas Berg, defence minister: a "
     "retired general.", []),
    ("Pictures of the week.\n\n\u2022 Karl Olsen, left, and Ana Ruiz: the two ministers met in Geneva.\n\n"
     "\u2022 Mara Voss, centre: the president greets supporters.\n\n\u2022 Tomas Berg, right: the envoy arrives.", []),
    # an office followed by a name gives the name; a position is no speaker
    ("Leaders reacted on Thursday.\n\n\u2022 Westland's prime minister, Karl Olsen: \u201cWe welcome the ruling."
     "\u201d\n\n\u2022 Valdor's foreign minister, Ana Ruiz: \u201cWe reject it.\u201d\n\n\u2022 Ostland's president, "
     "Mara Voss: \u201cBoth sides must now talk.\u201d",
     [("direct", "Karl Olsen", "We welcome the ruling."), ("direct", "Ana Ruiz", "We reject it."),
      ("direct", "Mara Voss", "Both sides must now talk.")]),
    ("Where they stand.\n\n\u2022 Westland's position, in short: \u201cit wants the old line back.\u201d\n\n"
     "\u2022 Valdor's position, in short: \u201cit says the river is the border.\u201d\n\n"
     "\u2022 Ostland's position, in short: \u201cit backs mediation by the regional bloc.\u201d",
     [("direct", None, "it wants the old line back."), ("direct", None, "it says the river is the border."),
      ("direct", None, "it backs mediation by the regional bloc.")]),
    # narration that opens with a time or a comparison is no name
    ("Reactions came quickly.\n\nLast Friday, the minister had this to say: \u201cThe deal is dead.\u201d\n\n"
     "Ana Ruiz, the opposition leader: \u201cThe minister is wrong.\u201d\n\nTomas Berg, a union chief: \u201cWe will "
     "strike.\u201d", [("direct", "the minister", "The deal is dead.")]),
    # a scene or another speaker after "with" is no part of the report
    ("\u201cWe are glad to host them.\u201d\n\nKarl Olsen, the trade minister, said in a statement that the plan was "
     "dead, with Ana Ruiz adding that the talks would resume in May.",
     [("direct", None, "We are glad to host them."), ("indirect", "Karl Olsen", "the plan was dead"),
      ("indirect", "Ana Ruiz", "the talks would resume in May")]),
    ("\u201cWe are glad to host them.\u201d\n\nAna Ruiz, the bloc's envoy for the region, said in a statement that "
     "the talks had failed, with fighting continuing in the north of the country.",
     [("direct", None, "We are glad to host them."), ("indirect", "Ana Ruiz", "the talks had failed")]),
])
def test_near_misses_found_in_review_of_the_round_up_and_tail_rules(extractor, text, expected):
    assert [(q.kind, q.speaker, q.text) for q in extractor(text)] == expected


def test_a_reports_tail_that_the_parser_hangs_on_the_verb_stays_in_the_report(extractor):
    # the sentence after a quotation: the parser runs the two together and hangs ", with ..." on "said"
    text = ("\u201cWe are glad, as always, to host them and to help.\u201d\n\n"
            "Hans Berg, the UN special envoy for the region, said in a statement that the road map could only be "
            "implemented under UN auspices, with a joint mechanism chaired by the United Nations to monitor the "
            "parties' commitments.\n\nFor now, the envoy's so-called \u201croad map\u201d is a list of intentions.")
    reports = [q for q in extractor(text) if q.speaker == "Hans Berg"]
    assert [q.text for q in reports] == ["the road map could only be implemented under UN auspices, with a joint "
                                         "mechanism chaired by the United Nations to monitor the parties' commitments"]


@pytest.mark.parametrize(("text", "expected"), [
    # "would continue to ..." carries on the report: "continue" is a speech verb only on its own
    # (a sentence of benchmarks/data/published_formats_2.jsonl, whose parse hangs the conjunct on "replied")
    ("Chile's foreign ministry, for its part, replied that there was no pending territorial question with Bolivia, "
     "and relations would continue to be conducted through the bilateral agenda agreed in 2006.",
     [("indirect", "Chile's foreign ministry", "there was no pending territorial question with Bolivia, and "
       "relations would continue to be conducted through the bilateral agenda agreed in 2006")]),
    # a clause whose verb speaks stays out of the report before it
    ("Ana Ruiz said the talks had failed, and Karl Olsen would continue, adding that the mood was grim.",
     [("indirect", "Ana Ruiz", "the talks had failed"), ("indirect", "Karl Olsen", "the mood was grim")]),
])
def test_a_conjunct_that_continues_the_report(extractor, text, expected):
    assert [(q.kind, q.speaker, q.text) for q in extractor(text)] == expected


def test_an_agency_dateline_with_a_double_hyphen_is_no_speaker(extractor):
    text = ("Valdor, April 26 (VNA) -- Karim Saleh, Minister of Foreign Affairs, affirmed that the Sultanate would keep "
            "hosting the talks between the two neighbours.")
    assert [q.speaker for q in extractor(text)] == ["Karim Saleh"]


@pytest.mark.parametrize(("text", "expected"), [
    # "would continue to insist that ...", "to deny that ...": a report of its own, with its own speaker
    ("Karl Olsen said the plant would close in May, and workers would continue to insist that they were owed wages.",
     [("indirect", "Karl Olsen", "the plant would close in May"), ("indirect", "workers", "they were owed wages")]),
    ("Ana Ruiz said the ceasefire was holding, and the army would continue to deny that it had shelled the town.",
     [("indirect", "Ana Ruiz", "the ceasefire was holding"), ("indirect", "the army", "it had shelled the town")]),
    # a joined clause that another attribution follows is not the first speaker's
    ("The spokesman said the strike was over, and trains would continue to run late, the rail operator warned.",
     [("indirect", "The spokesman", "the strike was over")]),
])
def test_near_misses_of_the_continued_report(extractor, text, expected):
    assert [(q.kind, q.speaker, q.text) for q in extractor(text)] == expected


def test_a_bulleted_list_of_points_is_not_a_round_up(extractor):
    text = ("The key points of the deal:\n\n\u2022 Tariffs: Westland will cut duties on Valdor's steel by half.\n\n"
            "\u2022 Farming: Valdor will open its market to Westland's grain from next spring.\n\n"
            "\u2022 Dispute Settlement: A joint panel in Ostland will settle any quarrel over the deal.")
    assert extractor(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a statement whose end is not marked is not taken: the article after it would become the issuer's
    ("Ostland's foreign ministry issued the following statement on Tuesday:\n\nSTATEMENT\n\n"
     "The Republic of Ostland rejects the accusations made by Westland.\n\n"
     "Westland dismissed it. Its foreign minister Ana Ruiz said Ostland was \u201crewriting history\u201d.\n\n"
     "***\n\nOther news.", [("mixed", "Ana Ruiz", "Ostland was \u201crewriting history\u201d")]),
    # a quotation inside a statement keeps its own speaker
    ("Westland's government issued the following statement on Monday:\n\nPRESS RELEASE\n\n"
     "The government notes the remarks of Ostland's president, who said on Monday: \u201cWestland will pay for "
     "this.\u201d\n\nSuch threats are unacceptable.\n\n\u2014 ENDS \u2014",
     [("direct", "Ostland's president", "Westland will pay for this."),
      ("direct", "Westland's government", "Such threats are unacceptable.")]),
    # bulleted points with notes are not a round-up
    ("The agreement covers three areas.\n\n\u2022 Tariffs (Article 4): Duties on steel will fall by 2026.\n\n"
     "\u2022 Borders (Article 7): Crossings will reopen within a month.\n\n"
     "- Energy, Transport: Joint projects will be funded by both states.", []),
    # a key-quote box repeats a quote the article has: counted once
    ("Ana Ruiz spoke in Valdor. \u201cWe will not back down on the border question,\u201d Ruiz said.\n\nKEY QUOTE\n\n"
     "\u201cWe will not back down on the border question.\u201d \u2014 Ana Ruiz, Westland's foreign minister",
     [("direct", "Ana Ruiz", "We will not back down on the border question")]),
    # a headline and a dateline after a dash are no signatures
    ("\u201cWe will rebuild\u201d \u2014 Valdor mayor vows after floods\n\nThe mayor spoke on Monday.", []),
    ("\u201cNo one is above the law.\u201d \u2014 Valdor, 12 May", []),
    # a signing name with a particle
    ("What they said:\n\n\u2022 \u201cWe will host both delegations for as long as it takes.\u201d \u2014 Khalid "
     "al-Mansouri, Ostland's foreign ministry spokesman",
     [("direct", "Khalid al-Mansouri", "We will host both delegations for as long as it takes.")]),
])
def test_near_misses_of_the_round_up_and_statement_rules(extractor, text, expected):
    assert [(q.kind, q.speaker, q.text) for q in extractor(text)] == expected


@pytest.mark.parametrize(("text", "speakers"), [
    ("The minister took questions. One reporter asked whether Westland would accept a mediator. Another journalist "
     "asked whether the talks would resume.", ["a reporter", "a journalist"]),
    ('What they said:\n\n\u2022 "This is a day of hope for Ostland." - Ana Ruiz, Westland\'s foreign minister\n\n'
     "\u2022 \u201cWe need more than a day of hope.\u201d \u2014 Karl Olsen (Valdor's president)",
     ["Ana Ruiz", "Karl Olsen"]),
])
def test_reporters_counted_once_and_signatures_with_a_hyphen_or_a_role_in_brackets(extractor, text, speakers):
    assert [q.speaker for q in extractor(text)] == speakers
