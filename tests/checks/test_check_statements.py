"""checks/statements.py: a statement's voice is its speaker's; relay chains are well formed."""

from __future__ import annotations

from check_cases import codes_in, types_test
from test_bad_input import edit

TYPES = {
    "chain_not_ending_with_publisher": "relay-chain",
    "chain_not_starting_with_speaker": "relay-chain",
    "chain_position_gap": "relay-chain",
    "statement_without_chain": "relay-chain",
}


test_each_chain_problem_has_its_type = types_test(TYPES)


def test_a_voice_of_another_speaker_is_a_statement_voice_problem(data_copy):
    edit(data_copy, "statements", "st_q14", voice_id="hamas")
    assert "statement-voice" in codes_in(data_copy, "statements.csv")
