#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace accelscope::ui {

namespace {

struct SystemLook {
    QString style;
    QPalette palette;
    bool saved = false;
};

SystemLook& systemLook() {
    static SystemLook look;
    if (!look.saved && qApp) {
        look.style = QApplication::style() ? QApplication::style()->name() : QString();
        look.palette = QApplication::palette();
        look.saved = true;
    }
    return look;
}

QString& current() {
    static QString name = QStringLiteral("system");
    return name;
}

// A dark palette with text contrast well above WCAG's 4.5:1 on every background role.
QPalette darkPalette() {
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2e), base(0x1e, 0x1e, 0x21), text(0xe8, 0xe8, 0xea), disabled(0x80, 0x80, 0x86);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3f));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa6));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x3a));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x45, 0x45, 0x4b));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3a, 0x40));
    p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x35));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x1a));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

}  // namespace

QStringList themeNames() { return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}; }

QString currentTheme() { return current(); }

bool applyTheme(const QString& name) {
    if (!themeNames().contains(name) || !qApp) return false;
    const SystemLook& look = systemLook();
    if (name == QStringLiteral("system")) {
        if (!look.style.isEmpty()) QApplication::setStyle(QStyleFactory::create(look.style));
        QApplication::setPalette(look.palette);
    } else {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(name == QStringLiteral("dark") ? darkPalette() : QApplication::style()->standardPalette());
    }
    current() = name;
    return true;
}

}  // namespace accelscope::ui
