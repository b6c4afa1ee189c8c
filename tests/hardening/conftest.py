from tests.hardening.harness import corpus_template  # noqa: F401
