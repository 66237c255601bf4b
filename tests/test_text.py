"""Normalisation: templates and concrete pastes line up."""

from bot.text import normalize, tokens


def test_guid_and_quoted_names_become_placeholders():
    paste = (
        "Application with identifier 'a1b2c3d4-0000-4000-8000-123456789abc' "
        "was not found in the directory 'contoso'"
    )
    template = "Application with identifier '{app}' was not found in the directory '{tenant}'"
    assert normalize(template, template=True) == (
        "application with identifier _v_ was not found in the directory _v_"
    )
    # A quoted word may be a value or a literal parameter name: the paste keeps both readings.
    assert (
        normalize(paste)
        == "application with identifier _v_ was not found in the directory _v_ contoso"
    )


def test_contractions_are_expanded():
    assert normalize("the redirect URI isn't registered") == "the redirect uri is not registered"


def test_urls_emails_numbers_and_timestamps():
    assert normalize(
        "See https://x.test/a?b=1 or mail bob@x.test at 2024-05-28T06:01:42Z, code 50011"
    ) == ("see _v_ or mail _v_ at _v_ code _v_")


def test_multi_word_quoted_messages_are_kept():
    assert normalize('"The code is expired"') == "the code is expired"


def test_tokens_are_stemmed_without_stopwords():
    assert tokens(normalize("The tokens expired")) == ["token", "expir"]


def test_words_people_use_interchangeably_read_the_same():
    assert tokens(normalize("Reply URL in the directory")) == tokens(
        normalize("redirect URI in the tenant")
    )
    assert tokens(normalize("cannot sign in to the application")) == tokens(
        normalize("cannot log-in to the app")
    )
