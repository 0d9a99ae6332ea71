"""The case-study completeness score and the reviewer's checklist (pure function, no database)."""

from ayni.portal.completeness import case_study_completeness

FULL = {
    "title": {"en": "Seed banks twinned"},
    "summary": {"en": "Brazil's seed bank trained Senegal's."},
    "subjects": ["agricultural"],
    "gbf_targets": ["GBF-TARGET-13"],
    "results": {"en": "Two seed banks running."},
    "start_date": "2021-01-01",
    "lessons": {"en": "Start with the herbarium."},
    "building_blocks": [{"en": "Joint training"}],
    "provider_countries": ["BR"],
    "beneficiary_countries": ["SN"],
    "organizations": ["ayni:org-1"],
}


def test_complete_case_study_scores_100_with_nothing_missing():
    """Every checklist item answered: 100, all done."""
    score, items = case_study_completeness(FULL)
    assert score == 100
    assert all(item.done for item in items)


def test_empty_case_study_scores_0_and_lists_the_four_questions():
    """Nothing given: 0, and the checklist covers relevance, results, replicability, partners."""
    score, items = case_study_completeness({})
    assert score == 0
    assert not any(item.done for item in items)
    assert {str(item.group) for item in items} == {
        "Relevance",
        "Results",
        "Replicability",
        "South-South partners",
    }


def test_missing_results_and_lessons_lower_the_score_and_are_named():
    """Leaving out results and lessons costs their weight and marks them missing."""
    data = {key: value for key, value in FULL.items() if key not in ("results", "lessons")}
    score, items = case_study_completeness(data)
    assert score == 75
    assert {item.key for item in items if not item.done} == {"results", "lessons"}


def test_short_description_does_not_count_as_a_summary():
    """A description counts for the summary only from 200 characters."""
    base = {key: value for key, value in FULL.items() if key != "summary"}
    short = case_study_completeness({**base, "description": {"en": "Short."}})[1]
    long = case_study_completeness({**base, "description": {"en": "x" * 200}})[1]
    assert not next(item for item in short if item.key == "summary").done
    assert next(item for item in long if item.key == "summary").done


def test_partners_need_both_provider_and_beneficiary_countries():
    """South-South partners named means both sides of the cooperation."""
    data = {**FULL, "beneficiary_countries": []}
    items = case_study_completeness(data)[1]
    assert not next(item for item in items if item.key == "countries").done
