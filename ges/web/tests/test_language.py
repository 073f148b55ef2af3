from django.conf import settings
from django.urls import reverse


def test_it_serves_thai_even_to_an_english_browser(client, db):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "th"
    assert '<html lang="th">' in response.content.decode()


def test_it_switches_to_english_with_one_click_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    assert '<html lang="th">' in client.get("/").content.decode()


def test_it_ignores_an_unknown_language_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="th">' in client.get("/").content.decode()
