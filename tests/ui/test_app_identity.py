"""The application's name, organisation, desktop file name and icon (issue #19)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from viewer import __version__
from viewer.desktop import APP_ID, ICON_SIZES
from viewer.ui.launch import set_identity
from viewer.ui.settings import APPLICATION, ORGANIZATION, app_settings


def test_identity_and_icon(qapp):
    where_before = app_settings().fileName()
    set_identity(qapp)
    assert qapp.applicationName() == APPLICATION == "Electoral Map"
    assert qapp.organizationName() == ORGANIZATION
    assert qapp.organizationDomain()
    assert qapp.applicationVersion() == __version__
    assert QGuiApplication.desktopFileName() == APP_ID == "electoral-map"
    icon = qapp.windowIcon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)
    assert icon.pixmap(QSize(48, 48)).width() == 48
    # the settings file does not move
    assert app_settings().fileName() == where_before
