"""config: Django settings (base, dev, test, production), the URL configuration, WSGI and the
API router. At the top of the layers: may import every app."""
