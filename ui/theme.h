#pragma once
// Light and dark looks for the whole application (View > Theme, remembered in the settings):
// "system" keeps the platform's style and palette, "light" and "dark" use Qt's Fusion style with a
// light or a dark palette. Plots keep their white, print-like canvas in every theme (they are what
// reports and screenshots show), so their colours read the same everywhere.
#include <QString>
#include <QStringList>

namespace accelscope::ui {

QStringList themeNames();  // "system", "light", "dark"
// Applies the theme to the running application; false for an unknown name.
bool applyTheme(const QString& name);
QString currentTheme();

}  // namespace accelscope::ui
