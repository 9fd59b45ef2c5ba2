"""What the search view answers, as the tests read it."""


def search_json(client, query, path="/search/", **params):
    response = client.get(path, {"q": query, "format": "json", **params})
    assert response.status_code == 200
    return response.json()


def search_titles(client, query, path="/search/", **params):
    return [item["title"] for item in search_json(client, query, path, **params)["results"]]
