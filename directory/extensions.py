"""Extension objects, created here and bound to the app in create_app()."""

from flask import request
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from directory.clients import client_network
from directory.models_base import Base


def client_key() -> str:
    """Flask-Limiter's key for "per client address": the address, or its /64 for IPv6 (``clients``)."""
    return client_network(request.remote_addr) or (request.remote_addr or "unknown")


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_key, default_limits=[])
bootstrap = Bootstrap5()
login_manager = LoginManager()
